"""Hostile input files, made by the tests themselves: zip bombs, deep and huge JSON, big cells,
wrong encodings, control characters, XML entities, wrong-type HSDS and GraphML, and formula and
Markdown payloads. :func:`make_all` writes them into a folder and returns ``{name: path}``.

Each is either something ecomap must refuse with a message, or hostile *text* in an otherwise
valid file that it must accept as data (and later show as text).
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from ecomap.formats.csv_bundle import bundle_zip_bytes, tables
from ecomap.model import EcoMap, validate_map

MiB = 1024 * 1024
_MAKERS: dict[str, Callable[[Path], None]] = {}


def hostile(name: str) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def register(make: Callable[[Path], None]) -> Callable[[Path], None]:
        _MAKERS[name] = make
        return make

    return register


def make_all(folder: Path) -> dict[str, Path]:
    out = {}
    for name, make in _MAKERS.items():
        path = folder / name
        make(path)
        out[name] = path
    return out


# --- building blocks --------------------------------------------------------------------------

EGO = {"id": "p-x", "name": "Ada Test", "map_date": "2026-01-10"}


def alter(n: int, **fields: object) -> dict[str, object]:
    return {"id": f"a{n}", "name": f"Alter {n}", "sector": "friends", **fields}


def a_map(
    alters: list[dict] | None = None, ego: dict | None = None, ties: list[dict] | None = None
) -> EcoMap:
    return validate_map(ego or EGO, alters if alters is not None else [alter(1)], ties or [])


def map_json(ego: dict | None = None, alters: list | None = None, ties: list | None = None) -> dict:
    return {
        "schema": "ecomap/1.1",
        "ego": ego or EGO,
        "alters": [alter(1)] if alters is None else alters,
        "ties": ties or [],
    }


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def bundle_with(path: Path, alters_csv: str | bytes, ego_csv: str | None = None) -> None:
    texts = tables(a_map())
    texts["alters.csv"] = alters_csv
    if ego_csv is not None:
        texts["ego.csv"] = ego_csv
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in texts.items():
            archive.writestr(name, text)


def zip_streamed(
    path: Path, members: dict[str, tuple[bytes, int]], extra: dict[str, bytes] | None = None
) -> None:
    """A zip whose members are ``chunk`` repeated ``times`` (written a chunk at a time)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        for name, (chunk, times) in members.items():
            with archive.open(name, "w") as member:
                for _ in range(times):
                    member.write(chunk)


SERVICE_CSV = "id,name,description,status\ns1,Lunch club,Warm food,active\n"


def hsds_json(services: object) -> dict:
    return {"total_items": 1, "contents": services}


# --- maps: size and zip bombs -----------------------------------------------------------------


@hostile("map-bomb-member.zip")
def _(path: Path) -> None:
    # alters.csv unpacks to 300 MiB of one letter: refused at the member limit, never held whole.
    zip_streamed(path, {"alters.csv": (b"a" * MiB, 300)}, {"ego.csv": tables(a_map())["ego.csv"].encode()})


@hostile("map-ratio-bomb.zip")
def _(path: Path) -> None:
    # 8 MiB of zeros in a few kilobytes: under the size limits, over the compression ratio.
    zip_streamed(path, {"alters.csv": (b"\0" * MiB, 8)})


@hostile("map-lying-size.zip")
def _(path: Path) -> None:
    # The directory says alters.csv unpacks to 100 bytes; it unpacks to 80 MiB.
    buffer = io.BytesIO()
    zip_streamed(buffer, {"alters.csv": (b"b" * MiB, 80)})  # type: ignore[arg-type]
    data = bytearray(buffer.getvalue())
    at = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, 100)  # the central directory's uncompressed size
    path.write_bytes(bytes(data))


@hostile("map-many-members.zip")
def _(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(5_000):
            archive.writestr(f"junk/{n}.txt", "")


@hostile("map-not-a-zip.zip")
def _(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04" + b"\xff" * 200)


@hostile("map-truncated.zip")
def _(path: Path) -> None:
    path.write_bytes(bundle_zip_bytes(tables(a_map()))[:-40])


@hostile("map-huge.json")
def _(path: Path) -> None:
    path.write_bytes(b'{"ego": {"id": "p", "name": "' + b"x" * (25 * MiB) + b'"}}')


@hostile("map-many-alters.json")
def _(path: Path) -> None:
    write_json(path, map_json(alters=[alter(n) for n in range(2_000)]))


@hostile("map-many-ties.json")
def _(path: Path) -> None:
    alters = [alter(n) for n in range(300)]
    ties = [{"source": f"a{i}", "target": f"a{j}"} for i in range(300) for j in range(i + 1, 300)]
    write_json(path, map_json(alters=alters, ties=ties))


@hostile("map-many-alters.zip")
def _(path: Path) -> None:
    rows = "".join(f"a{n},Alter {n},friends\n" for n in range(100_000))
    bundle_with(path, "id,name,sector\n" + rows)


# --- maps: JSON -------------------------------------------------------------------------------


@hostile("map-deep.json")
def _(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000)


@hostile("map-deep-field.json")
def _(path: Path) -> None:
    path.write_text(json.dumps(map_json())[:-1] + ', "x": ' + "[" * 500 + "]" * 500 + "}")


@hostile("map-long-int.json")
def _(path: Path) -> None:
    path.write_text(json.dumps(map_json())[:-1] + ', "n": ' + "9" * 5_000 + "}")


@hostile("map-long-year.json")
def _(path: Path) -> None:
    path.write_text(
        json.dumps(map_json()).replace('"map_date"', '"year_of_birth": ' + "1" * 400 + ', "map_date"')
    )


@hostile("map-nan.json")
def _(path: Path) -> None:
    path.write_text(json.dumps(map_json(ego={**EGO, "latitude": float("nan"), "longitude": 1.0})))


@hostile("map-utf16.json")
def _(path: Path) -> None:
    path.write_bytes(json.dumps(map_json(ego={**EGO, "name": "Zoë"}), ensure_ascii=False).encode("utf-16"))


@hostile("map-latin1.json")
def _(path: Path) -> None:
    path.write_bytes(json.dumps(map_json(ego={**EGO, "name": "Zoë"}), ensure_ascii=False).encode("latin-1"))


@hostile("map-wrong-types.json")
def _(path: Path) -> None:
    write_json(
        path,
        map_json(
            ego={**EGO, "name": {"first": "A"}, "interests": 7, "lives_alone": [1]},
            alters=[
                alter(1, support={"a": 1}, circle="1" * 50, notes=["x"]),
                "not an object",
                alter(2, name=None),
            ],
        ),
    )


@hostile("map-top-level-list.json")
def _(path: Path) -> None:
    write_json(path, [1, 2, 3])


@hostile("map-alters-object.json")
def _(path: Path) -> None:
    write_json(path, {"ego": EGO, "alters": {"a": 1}, "ties": "none"})


@hostile("map-nul.json")
def _(path: Path) -> None:
    write_json(path, map_json(alters=[alter(1, name="Ruth\x00"), alter(2, notes="ok\x1b[31m")]))


@hostile("map-long-note.json")
def _(path: Path) -> None:
    write_json(path, map_json(alters=[alter(1, notes="n" * 1_000_000)]))


# --- maps: CSV --------------------------------------------------------------------------------


@hostile("map-big-cell.zip")
def _(path: Path) -> None:
    # One cell of 200 KB: more than Python's csv module reads by default.
    bundle_with(path, "id,name,sector,notes\na1,Ruth,friends," + "x" * 200_000 + "\n")


@hostile("map-long-note-exported.zip")
def _(path: Path) -> None:
    # ecomap's own export of a map with the longest note allowed (ecomap must read it back).
    path.write_bytes(bundle_zip_bytes(tables(a_map([alter(1, notes="A long note.\n" * 1_500)]))))


@hostile("map-unclosed-quote.zip")
def _(path: Path) -> None:
    bundle_with(path, 'id,name,sector\na1,"Ruth,friends\n' + "x" * 300_000)


@hostile("map-nul.zip")
def _(path: Path) -> None:
    bundle_with(path, "id,name,sector\na1,Ru\x00th,friends\na2,Bell\x07,friends\n")


@hostile("map-latin1.zip")
def _(path: Path) -> None:
    bundle_with(path, "id,name,sector\na1,Zoë,friends\n".encode("latin-1"))


@hostile("map-ragged.zip")
def _(path: Path) -> None:
    bundle_with(path, "id,name,sector\na1,Ruth,friends,extra,cells\n,,\n\n", ego_csv="id,name\n")


# --- maps: payloads that are data (accepted, shown as text) -----------------------------------

FORMULA_NAMES = ['=HYPERLINK("http://example.invalid/x","click")', "+1+1", "-2+3", "@SUM(A1:A9)", "'quoted"]
MARKDOWN_NAMES = [
    "![i](http://example.invalid/pixel.png)",
    "[link](http://example.invalid)",
    "$x^2$",
    "**bold**",
]
HTML_NAMES = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>"]


@hostile("map-payloads.json")
def _(path: Path) -> None:
    names = FORMULA_NAMES + MARKDOWN_NAMES + HTML_NAMES
    ego = {**EGO, "name": "=cmd|'/c calc'!A0", "team": "![t](http://example.invalid/team.png)"}
    write_json(
        path, map_json(ego=ego, alters=[alter(n, name=name, notes=name) for n, name in enumerate(names)])
    )


@hostile("map-payloads.zip")
def _(path: Path) -> None:
    names = FORMULA_NAMES + MARKDOWN_NAMES + HTML_NAMES
    path.write_bytes(
        bundle_zip_bytes(tables(a_map([alter(n, name=x, notes=x) for n, x in enumerate(names)])))
    )


# --- GraphML ----------------------------------------------------------------------------------

GRAPHML_HEAD = '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'


@hostile("map-xxe.graphml")
def _(path: Path) -> None:
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE g [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'{GRAPHML_HEAD}<graph edgedefault="undirected"><node id="ego"><data key="n">&x;</data></node>'
        "</graph></graphml>"
    )


@hostile("map-billion-laughs.graphml")
def _(path: Path) -> None:
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{n} "{"&l" + str(n - 1) + ";" * 1}{("&l" + str(n - 1) + ";") * 9}">' for n in range(1, 10)
    )
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE g [{entities}]>{GRAPHML_HEAD}'
        '<graph edgedefault="undirected"><node id="ego"><data key="n">&l9;</data></node></graph></graphml>'
    )


@hostile("map-not-xml.graphml")
def _(path: Path) -> None:
    path.write_text("<graphml><graph><node id='ego'>")


@hostile("map-many-nodes.graphml")
def _(path: Path) -> None:
    nodes = "".join(f'<node id="n{n}"/>' for n in range(5_000))
    path.write_text(
        f'{GRAPHML_HEAD}<graph edgedefault="undirected"><node id="ego"/>{nodes}</graph></graphml>'
    )


@hostile("map-wrong-types.graphml")
def _(path: Path) -> None:
    path.write_text(
        f'{GRAPHML_HEAD}<key id="d0" for="node" attr.name="map_date" attr.type="int"/>'
        '<key id="d1" for="node" attr.name="name" attr.type="double"/>'
        '<graph edgedefault="undirected">'
        '<node id="ego"><data key="d0">5</data><data key="d1">1e308</data></node>'
        '<node id="a"><data key="d1">not a number</data></node></graph></graphml>'
    )


# --- directories ------------------------------------------------------------------------------


@hostile("dir-unused-bomb.zip")
def _(path: Path) -> None:
    # A package whose unused funding.csv is a bomb: the service table is read, the bomb never.
    zip_streamed(path, {"funding.csv": (b"c" * MiB, 300)}, {"service.csv": SERVICE_CSV.encode()})


@hostile("dir-bomb-service.zip")
def _(path: Path) -> None:
    zip_streamed(path, {"service.csv": (b"id,name\n" + b"s,x\n" * (MiB // 4), 300)})


@hostile("dir-deep.json")
def _(path: Path) -> None:
    path.write_text('{"contents": ' + "[" * 50_000 + "]" * 50_000 + "}")


@hostile("dir-long-numbers.json")
def _(path: Path) -> None:
    write_json(
        path,
        hsds_json(
            [
                {
                    "id": "s1",
                    "name": "Club",
                    "status": "active",
                    "eligibility": [{"minimum_age": "9" * 400, "maximum_age": "1" * 400}],
                    "schedules": [
                        {"freq": "WEEKLY", "interval": "1" * 400, "byday": "TU", "opens_at": "10:00"}
                    ],
                }
            ]
        ),
    )


@hostile("dir-long-numbers.zip")
def _(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("service.csv", SERVICE_CSV)
        archive.writestr(
            "eligibility.csv", "id,service_id,minimum_age,maximum_age\ne1,s1," + "9" * 400 + ",1e400\n"
        )
        archive.writestr(
            "schedule.csv",
            "id,service_id,freq,interval,byday,opens_at,closes_at\nsc,s1,WEEKLY,"
            + "1" * 400
            + ",TU,10:00,11:00\n",
        )


@hostile("dir-wrong-types.json")
def _(path: Path) -> None:
    write_json(
        path,
        hsds_json(
            [
                {
                    "id": ["s1"],
                    "name": {"x": 1},
                    "status": 5,
                    "schedules": "weekly",
                    "service_at_locations": 3,
                },
                {"id": "s2", "name": "X", "locations": [{"id": 1, "latitude": "north", "longitude": [1]}]},
                {
                    "id": "s3",
                    "name": "Y",
                    "schedules": [None, 4, {"byday": ["TU"]}],
                    "cost_options": {"amount": 1},
                },
            ]
        ),
    )


@hostile("dir-big-cell.zip")
def _(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("service.csv", "id,name,description\ns1,Club," + "d" * 300_000 + "\n")


@hostile("dir-bad-datapackage.zip")
def _(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("datapackage.json", "[" * 10_000 + "]" * 10_000)
        archive.writestr("service.csv", SERVICE_CSV)


@hostile("dir-payloads.zip")
def _(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "service.csv",
            "id,name,description,status\n"
            's1,"![i](http://example.invalid/dir.png)","=HYPERLINK(""http://example.invalid"")",active\n'
            "s2,<img src=x onerror=alert(1)>,$x$ **b**,active\n",
        )


@hostile("dir-utf16.json")
def _(path: Path) -> None:
    path.write_bytes(
        json.dumps(hsds_json([{"id": "s1", "name": "Café"}]), ensure_ascii=False).encode("utf-16")
    )


@hostile("dir-latin1.json")
def _(path: Path) -> None:
    path.write_bytes(
        json.dumps(hsds_json([{"id": "s1", "name": "Café"}]), ensure_ascii=False).encode("latin-1")
    )


@hostile("dir-nul.zip")
def _(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("service.csv", "id,name\ns1,Cl\x00ub\n")


@hostile("map-mixed-position.graphml")
def _(path: Path) -> None:
    # One tie's position is text, the other's is missing (so a number): sorting them mixes types.
    path.write_text(
        f'{GRAPHML_HEAD}<key id="p" for="edge" attr.name="position" attr.type="string"/>'
        '<key id="t" for="edge" attr.name="tie" attr.type="string"/>'
        '<key id="n" for="node" attr.name="name" attr.type="string"/>'
        '<key id="s" for="node" attr.name="sector" attr.type="string"/>'
        '<key id="d" for="node" attr.name="map_date" attr.type="string"/>'
        '<key id="i" for="node" attr.name="id" attr.type="string"/>'
        '<graph edgedefault="undirected">'
        '<node id="ego"><data key="n">E</data><data key="d">2026-01-01</data><data key="i">p1</data></node>'
        + "".join(
            f'<node id="{a}"><data key="i">{a}</data><data key="n">{a}</data>'
            '<data key="s">friends</data></node>'
            for a in "abc"
        )
        + '<edge source="a" target="b"><data key="t">alter</data><data key="p">x</data></edge>'
        '<edge source="b" target="c"><data key="t">alter</data></edge>'
        '<edge source="ego" target="a"/><edge source="ego" target="b"/><edge source="ego" target="c"/>'
        "</graph></graphml>"
    )


@hostile("map-bomb-networkcanvas.zip")
def _(path: Path) -> None:
    # Shaped as a Network Canvas export (a *_ego.csv), so the importer reads it: a bomb all the same.
    zip_streamed(path, {"session_ego.csv": (b"a" * MiB, 300)})


@hostile("map-bomb-egor.zip")
def _(path: Path) -> None:
    # Shaped as egor's three tables: the egos file is small, the alters file a bomb.
    zip_streamed(path, {"alters.csv": (b"b" * MiB, 300)}, {"egos.csv": b"egoID,name\n1,A\n"})
