"""Shamir secret sharing over GF(256), k of n: any k shares rebuild the secret, fewer reveal nothing.

Each byte of the secret is the constant term of its own random polynomial of degree k-1; share x
holds the polynomials' values at x (1..n). Arithmetic is in GF(2^8) with the AES polynomial
x^8 + x^4 + x^3 + x + 1, through log/exp tables of the generator 3.
"""

from __future__ import annotations

import secrets

_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _i in range(255):
    _EXP[_i] = _value
    _LOG[_value] = _i
    # multiply by the generator 3 = x + 1: v*2 (with reduction) xor v
    _double = (_value << 1) ^ (0x11B if _value & 0x80 else 0)
    _value = _double ^ _value
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


def gf_mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return _EXP[_LOG[a] + _LOG[b]]


def gf_div(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError("division by zero in GF(256)")
    if a == 0:
        return 0
    return _EXP[(_LOG[a] - _LOG[b]) % 255]


def _evaluate(coefficients: list[int], x: int) -> int:
    """Horner's rule; coefficients[0] is the constant term."""
    result = 0
    for c in reversed(coefficients):
        result = gf_mul(result, x) ^ c
    return result


def split(secret: bytes, *, threshold: int, shares: int) -> list[tuple[int, bytes]]:
    """Split *secret* into *shares* pieces (x, y-bytes), any *threshold* of which rebuild it."""
    if not 1 <= threshold <= shares <= 255:
        raise ValueError(f"Need 1 <= threshold ({threshold}) <= shares ({shares}) <= 255.")
    polynomials = [[byte] + [secrets.randbelow(256) for _ in range(threshold - 1)] for byte in secret]
    return [(x, bytes(_evaluate(p, x) for p in polynomials)) for x in range(1, shares + 1)]


def combine(parts: list[tuple[int, bytes]]) -> bytes:
    """Rebuild the secret from at least threshold distinct shares (Lagrange interpolation at 0).

    Given fewer than the threshold, the result is a wrong secret, not an error: callers check it
    (the key bundle is authenticated, so a wrong secret fails to open it).
    """
    xs = [x for x, _ in parts]
    if len(set(xs)) != len(xs) or 0 in xs:
        raise ValueError("Shares must have distinct, non-zero numbers.")
    lengths = {len(y) for _, y in parts}
    if len(lengths) != 1:
        raise ValueError("Shares have different lengths; they are not from the same split.")
    length = lengths.pop()
    secret = bytearray(length)
    for i, (xi, yi) in enumerate(parts):
        # Lagrange basis polynomial for xi evaluated at 0: prod xj / (xj - xi); minus is xor.
        basis = 1
        for j, (xj, _) in enumerate(parts):
            if i != j:
                basis = gf_mul(basis, gf_div(xj, xj ^ xi))
        for b in range(length):
            secret[b] ^= gf_mul(yi[b], basis)
    return bytes(secret)
