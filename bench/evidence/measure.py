"""Measurements of the evidence vault: hashing+storing throughput against `sha256sum`, and the
memory of adding a multi-gigabyte file through the CLI.

    .venv/bin/python bench/evidence/measure.py [--size-gb 1] [--memory-gb 2] [--dir /tmp]
    .venv/bin/python bench/evidence/measure.py --s3 [--memory-gb 2]   # the add to S3 vs local disk

Prints one line per measurement and a Markdown table to append to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from sijill.evidence.storage import LocalStorage  # noqa: E402 - plain Python, no Django

BLOCK = 8 * 1024 * 1024


def write_file(path: Path, size: int) -> None:
    """Incompressible-looking data without spending minutes in os.urandom: random blocks, varied."""
    block = bytearray(os.urandom(BLOCK))
    with open(path, "wb") as fh:
        written = 0
        while written < size:
            block[:8] = written.to_bytes(8, "big")  # no two blocks alike
            n = min(BLOCK, size - written)
            fh.write(block[:n])
            written += n


def throughput(path: Path, work: Path) -> dict:
    size = path.stat().st_size
    os.sync()  # the generated file's own writeback must not slow whichever runs first
    subprocess.run(["cat", str(path)], stdout=subprocess.DEVNULL, check=True)  # same page-cache state for both
    start = time.perf_counter()
    subprocess.run(["sha256sum", str(path)], stdout=subprocess.DEVNULL, check=True)
    sha256sum_s = time.perf_counter() - start
    store = LocalStorage(work / "vault")
    start = time.perf_counter()
    with open(path, "rb") as fh:
        stored = store.commit(store.stage(fh))
    vault_s = time.perf_counter() - start
    assert not stored.existed
    return {"size": size, "sha256sum_s": sha256sum_s, "vault_s": vault_s, "ratio": sha256sum_s / vault_s}


def cli_memory(path: Path, home: Path, s3_endpoint: str = "") -> dict:
    """Add `path` with `sijill evidence add` in a fresh SQLite home; max RSS of that process tree.

    With `s3_endpoint`, the original goes to a new bucket of that S3-compatible server.
    """
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SIJILL_HOME=str(home))
    if s3_endpoint:
        import uuid

        import boto3

        bucket = f"sijill-bench-{uuid.uuid4().hex[:12]}"
        env.update(SIJILL_EVIDENCE_S3_BUCKET=bucket, SIJILL_EVIDENCE_S3_ENDPOINT=s3_endpoint,
                   AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")
        boto3.client("s3", endpoint_url=s3_endpoint, aws_access_key_id="bench", aws_secret_access_key="bench",
                     region_name="us-east-1").create_bucket(Bucket=bucket)
    sijill = str(Path(sys.executable).with_name("sijill"))
    setup = (
        "from django.core.management import call_command; call_command('migrate', verbosity=0); "
        "from sijill.accounts.models import User; User.objects.create(username='bench', role='analyst', clearance=3)"
    )
    subprocess.run([sijill, "shell", "-c", setup], env=env, check=True)
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:])\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t, done.returncode)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, sijill, "evidence", "add", str(path), "--user", "bench"],
                         env=env, capture_output=True, text=True, check=True)
    maxrss_kb, seconds, code = out.stdout.strip().splitlines()[-1].split()
    return {"size": path.stat().st_size, "max_rss_mb": int(maxrss_kb) / 1024, "seconds": float(seconds), "exit": int(code)}


def s3_memory(size_gb: float, work: Path) -> None:
    """The CLI memory measurement with the originals in an S3-compatible server on loopback
    (moto_server, a separate process), against the same add to local disk as the baseline."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(endpoint + "/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        big = work / "big.bin"
        write_file(big, int(size_gb * 1024**3))
        local = cli_memory(big, work / "home-local")
        s3 = cli_memory(big, work / "home-s3", endpoint)
        for name, m in (("local disk", local), ("S3 (moto_server)", s3)):
            print(f"memory: `sijill evidence add` of {m['size'] / 1e9:.2f} GB to {name}: max RSS {m['max_rss_mb']:.0f} MB, "
                  f"{m['seconds']:.1f} s, exit {m['exit']}")
        print(f"S3 / local: memory {s3['max_rss_mb'] / local['max_rss_mb']:.2f}, time {s3['seconds'] / local['seconds']:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-gb", type=float, default=1.0)
    parser.add_argument("--memory-gb", type=float, default=2.0)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    parser.add_argument("--s3", action="store_true", help="only the memory of an add to S3-compatible storage")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sijill-ev-bench-", dir=args.dir))
    if args.s3:
        try:
            s3_memory(args.memory_gb, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    try:
        data = work / "one.bin"
        write_file(data, int(args.size_gb * 1024**3))
        t = throughput(data, work)
        print(f"throughput: {t['size'] / 1e9:.2f} GB; sha256sum {t['sha256sum_s']:.2f} s; "
              f"vault (SHA-256 + SHA-512 + write + fsync + link) {t['vault_s']:.2f} s; ratio {t['ratio']:.2f}")
        data.unlink()
        big = work / "big.bin"
        write_file(big, int(args.memory_gb * 1024**3))
        m = cli_memory(big, work / "home")
        print(f"memory: `sijill evidence add` of {m['size'] / 1e9:.2f} GB: max RSS {m['max_rss_mb']:.0f} MB, "
              f"{m['seconds']:.1f} s, exit {m['exit']}")
        print()
        print("| measurement | file | result |")
        print("|---|---|---|")
        print(f"| hash + store vs `sha256sum` (ratio of times, higher is better; target >= 0.80) | {t['size'] / 1e9:.2f} GB | "
              f"{t['ratio']:.2f} (sha256sum {t['sha256sum_s']:.2f} s, vault {t['vault_s']:.2f} s) |")
        print(f"| max RSS of `sijill evidence add` (target < 200 MB) | {m['size'] / 1e9:.2f} GB | "
              f"{m['max_rss_mb']:.0f} MB in {m['seconds']:.1f} s |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
