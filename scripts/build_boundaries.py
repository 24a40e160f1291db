"""Build the simplified boundaries the analysis maps draw, from the OCHA Syria COD-AB (2016).

    .venv/bin/python scripts/build_boundaries.py [--source DIR] [--tolerance 0.004]

Reads governorates (admin 1) from the GeoJSON and districts (admin 2) from the shapefile in
../shared/data/gazetteer/syria_cod_ab_ocha_2016, simplifies every ring with Douglas-Peucker,
rounds coordinates to 4 decimals (about 11 m) and writes
sijill/analysis/data/{governorates,districts}.geojson with properties pcode, name_en, name_ar and
parent. The p-codes are those of the packaged gazetteer (places.Place.pcode).

The shapefile and dBASE readers are written here (polygon shapes, type 5, and character fields
only are needed), so building the maps needs no GIS library.
"""

from __future__ import annotations

import argparse
import json
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "gazetteer" / "syria_cod_ab_ocha_2016"
OUT = ROOT / "sijill" / "analysis" / "data"


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The records of a dBASE III file as dicts of stripped strings (UTF-8, as the .cpg says)."""
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    records = []
    for i in range(count):
        start = header_len + i * record_len
        if data[start:start + 1] == b"*":  # deleted record
            continue
        offset, row = start + 1, {}
        for name, length in fields:
            row[name] = data[offset:offset + length].decode("utf-8", errors="replace").strip()
            offset += length
        records.append(row)
    return records


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Every shape of a polygon shapefile as its list of rings of (x, y)."""
    data = path.read_bytes()
    (shape_type,) = struct.unpack("<i", data[32:36])
    if shape_type not in (5, 15, 25):
        raise ValueError(f"{path}: shape type {shape_type} is not a polygon")
    shapes, pos = [], 100
    while pos < len(data):
        (content_len,) = struct.unpack(">i", data[pos + 4:pos + 8])
        body = data[pos + 8:pos + 8 + content_len * 2]
        pos += 8 + content_len * 2
        (kind,) = struct.unpack("<i", body[:4])
        if kind == 0:
            shapes.append([])
            continue
        num_parts, num_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", body[44:44 + 4 * num_parts]))
        start = 44 + 4 * num_parts
        flat = struct.unpack(f"<{2 * num_points}d", body[start:start + 16 * num_points])
        points = list(zip(flat[0::2], flat[1::2], strict=True))
        bounds = parts + [num_points]
        shapes.append([points[bounds[i]:bounds[i + 1]] for i in range(num_parts)])
    return shapes


def _signed_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def _point_in_ring(point, ring) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def rings_to_geometry(rings) -> dict:
    """Shapefile rings (outer clockwise, holes counter-clockwise) as a GeoJSON (Multi)Polygon."""
    polygons: list[list] = []
    holes = []
    for ring in rings:
        if len(ring) < 4:
            continue
        if _signed_area(ring) < 0:  # clockwise: an outer ring
            polygons.append([ring])
        else:
            holes.append(ring)
    for hole in holes:
        owner = next((p for p in polygons if _point_in_ring(hole[0], p[0])), None)
        if owner is not None:
            owner.append(hole)
    # GeoJSON (RFC 7946): outer rings counter-clockwise, holes clockwise.
    polygons = [[ring[::-1] for ring in polygon] for polygon in polygons]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def douglas_peucker(points: list, tolerance: float) -> list:
    """The points of a line kept by Douglas-Peucker at `tolerance` (degrees), iteratively."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                dist = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                dist = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if dist > best:
                best, index = dist, i
        if best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list, tolerance: float) -> list | None:
    """A closed ring simplified, split at its farthest point so both halves keep their shape;
    None when it collapses below a triangle (a tiny island)."""
    ring = [(round(x, 4), round(y, 4)) for x, y in ring]
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2)
    if far == 0:
        return None
    first = douglas_peucker(ring[:far + 1], tolerance)
    second = douglas_peucker(ring[far:], tolerance)
    out = first[:-1] + second
    deduped = [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]
    return deduped if len(deduped) >= 4 else None


def simplify_geometry(geometry: dict, tolerance: float) -> dict | None:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    result = []
    for polygon in polygons:
        outer = simplify_ring(polygon[0], tolerance)
        if outer is None:
            continue
        result.append([outer] + [r for r in (simplify_ring(h, tolerance) for h in polygon[1:]) if r])
    if not result:
        return None
    coords = [[[list(p) for p in ring] for ring in polygon] for polygon in result]
    if len(coords) == 1:
        return {"type": "Polygon", "coordinates": coords[0]}
    return {"type": "MultiPolygon", "coordinates": coords}


def governorates(source: Path, tolerance: float) -> list[dict]:
    collection = json.loads((source / "syr_admin1_geo_df.geojson").read_text(encoding="utf-8"))
    features = []
    for feature in collection["features"]:
        props = feature["properties"]
        features.append({
            "type": "Feature",
            "properties": {"pcode": props["PCODE"], "name_en": props["NAME_EN"], "name_ar": props["NAME_AR"],
                           "parent": props["ADM0_PCODE"]},
            "geometry": simplify_geometry(feature["geometry"], tolerance),
        })
    return features


def districts(source: Path, tolerance: float) -> list[dict]:
    shapes = read_polygons(source / "shp" / "syr_admin2.shp")
    records = read_dbf(source / "shp" / "syr_admin2.dbf")
    if len(shapes) != len(records):
        raise ValueError(f"syr_admin2: {len(shapes)} shapes but {len(records)} records")
    features = []
    for rings, props in zip(shapes, records, strict=True):
        features.append({
            "type": "Feature",
            "properties": {"pcode": props["PCODE"], "name_en": props["NAME_EN"], "name_ar": props["NAME_AR"],
                           "parent": props["ADM1_PCODE"]},
            "geometry": simplify_geometry(rings_to_geometry(rings), tolerance),
        })
    return features


def write(path: Path, features: list[dict]) -> None:
    missing = [f["properties"]["pcode"] for f in features if f["geometry"] is None]
    if missing:
        raise ValueError(f"{path.name}: geometry collapsed for {missing}; lower --tolerance")
    collection = {
        "type": "FeatureCollection",
        "attribution": "OCHA Syria COD-AB 2016 (HDX), simplified; see NOTICE",
        "features": sorted(features, key=lambda f: f["properties"]["pcode"]),
    }
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(features)} features, {path.stat().st_size / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--tolerance", type=float, default=0.004, help="Douglas-Peucker tolerance in degrees")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "governorates.geojson", governorates(args.source, args.tolerance))
    write(OUT / "districts.geojson", districts(args.source, args.tolerance))


if __name__ == "__main__":
    main()
