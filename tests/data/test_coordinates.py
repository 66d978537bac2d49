"""Where the cities of places.yaml lie (summitry.data.coordinates): GeoNames positions, its main name
preferred to an alternate one and the larger city to the smaller, and places.yaml's own positions."""

from __future__ import annotations

import subprocess
import sys

import pytest

from summitry.data.coordinates import city_coordinates
from summitry.data.reference import load_reference


@pytest.mark.parametrize(
    ("city", "latitude", "longitude"),
    [("Moscow", 55.8, 37.6), ("Minsk", 53.9, 27.6), ("Brest", 52.1, 23.7), ("Washington", 38.9, -77.0),
     ("Valdai", 58.0, 33.3), ("Cholpon-Ata", 42.65, 77.08)],
)
def test_cities_lie_where_they_are(city, latitude, longitude):
    lat, lon = city_coordinates()[city]
    assert abs(lat - latitude) < 0.2 and abs(lon - longitude) < 0.2


def test_nearly_every_city_of_the_gazetteer_is_placed():
    cities = set(load_reference().places.cities.values())
    assert len(cities - set(city_coordinates())) <= len(cities) // 50


@pytest.mark.parametrize("where", ["[91, 0]", "[1]", "'north'"])
def test_a_bad_position_in_a_data_folder_is_one_line_naming_the_file(tmp_path, where):
    (tmp_path / "places.yaml").write_text(f"coordinates:\n  Testgrad: {where}\n", encoding="utf-8")
    code = "from summitry.data.coordinates import city_coordinates; city_coordinates()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"SUMMITRY_DATA": str(tmp_path), "PATH": ""}, check=False)
    assert result.returncode != 0
    assert f"DataFileError: {tmp_path / 'places.yaml'}: coordinates of Testgrad are not [latitude, longitude]" in result.stderr
