"""The static world the simulator starts from: carriers' trailers, locks, seals and drivers
(fictitious names and 555 phone numbers), and the geofences."""

from __future__ import annotations

import random

from cloudsim.devices import FIRST_FITTED_SEAL, CarrierFleet, FleetDefinition, seal_number
from cloudsim.geo import geofences
from opticallock.protocol import Driver, Language, Trailer

_FIRST_EN = (
    "James", "Mary", "Robert", "Patricia", "Michael", "Linda", "David", "Jennifer", "William",
    "Susan", "Darnell", "Keisha", "Tyrone", "Latoya", "Wei", "Mei", "Raj", "Priya", "Ahmed",
    "Fatima", "Olga", "Dmitri", "Kevin", "Ashley", "Brandon", "Crystal", "Dustin", "Tammy",
    "Hiroshi", "Yuki", "Tomasz", "Ngozi", "Samuel", "Grace", "Cody", "Shelby",
)
_LAST_EN = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Nguyen", "Kim", "Patel", "Chen",
    "Okafor", "Kowalski", "Ivanova", "O'Brien", "Walker", "Young", "King", "Wright", "Hughes",
    "Baker", "Campbell", "Tanaka", "Singh", "Lopez", "Reyes", "Begay", "Yazzie",
)
_FIRST_ES = (
    "José", "María", "Juan", "Guadalupe", "Luis", "Ana", "Carlos", "Verónica", "Jorge", "Rosa",
    "Miguel", "Leticia", "Francisco", "Alejandra", "Jesús", "Claudia", "Ricardo", "Patricia",
    "Alberto", "Yolanda", "Fernando", "Gabriela", "Raúl", "Marisol", "Héctor", "Lucía",
    "Arturo", "Adriana", "Eduardo", "Mónica",
)
_LAST_ES = (
    "Hernández", "García", "Martínez", "López", "González", "Rodríguez", "Pérez", "Sánchez",
    "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres",
    "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero",
    "Álvarez", "Chávez", "Ramos", "Villarreal", "Garza", "Treviño",
)
#: US area codes along the corridors (the 555-01xx exchange in each is reserved for fiction).
_US_AREA_CODES = (
    "206", "253", "360", "503", "541", "530", "916", "209", "661", "213", "323", "562", "714",
    "949", "760", "619", "858", "909", "951", "602", "480", "623", "520", "575", "915", "210",
    "830", "512", "254", "214", "972", "817", "940", "405", "580", "316", "620", "913", "816",
    "956", "713", "281", "832",
)
#: Mexican area codes (2-digit: 8-digit local; 3-digit: 7-digit local).
_MX_AREA_CODES = ("81", "55", "664", "686", "867", "844", "444", "442", "662", "631")


def _split_counts(n: int, k: int) -> list[int]:
    """First carrier gets 70 %, the others share the rest; nobody gets none if n >= k."""
    if k == 1:
        return [n]
    rest = [int(n * 0.3 / (k - 1)) for _ in range(k - 1)]
    if n >= k:
        rest = [max(1, r) for r in rest]
    return [n - sum(rest), *rest]


def _us_phone(area: str, n: int) -> str:
    return f"+1 {area} 555 01{n:02d}"


def _mx_phone(area: str, n: int) -> str:
    if len(area) == 2:
        return f"+52 {area} 5550 01{n:02d}"
    return f"+52 {area} 555 01{n:02d}"


def build_fleet(n_trailers: int, seed: int, carriers: list[tuple[str, str]]) -> FleetDefinition:
    """The static world: carriers' trailers, locks, seals, drivers, and the geofences.

    Deterministic for a seed (only ``random.Random(seed)`` is used), so a server restarted with
    the same settings rebuilds the same fleet. Names and phone numbers are fictitious: phones use
    the 555-01xx range reserved for fiction (and a matching 555 pattern for Mexican numbers).
    """
    if n_trailers < 0:
        raise ValueError("n_trailers must be >= 0")
    if not carriers:
        raise ValueError("at least one carrier is needed")
    rng = random.Random(seed)
    used_locks: set[str] = set()
    used_phones: set[str] = set()
    fleets: list[CarrierFleet] = []
    num = 0
    for ci, ((carrier_id, carrier_name), count) in enumerate(
            zip(carriers, _split_counts(n_trailers, len(carriers)), strict=True)):
        cf = CarrierFleet(carrier_id=carrier_id, carrier_name=carrier_name)
        spanish_share = 0.35 if ci == 0 else 0.6
        for _ in range(count):
            num += 1
            trailer_id = f"TR-{10000 + num}"
            driver_id = f"DRV-{num:05d}"
            lock_id = f"OL-{rng.getrandbits(24):06X}"
            while lock_id in used_locks:
                lock_id = f"OL-{rng.getrandbits(24):06X}"
            used_locks.add(lock_id)
            # The fitted seal's number follows the trailer's; the draw that once made a random
            # serial stays, so a seed still builds the same names, phones and levels.
            rng.getrandbits(32)
            seal_id = seal_number(FIRST_FITTED_SEAL + num)
            spanish = rng.random() < spanish_share
            if spanish:
                name = f"{rng.choice(_FIRST_ES)} {rng.choice(_LAST_ES)} {rng.choice(_LAST_ES)}"
            else:
                name = f"{rng.choice(_FIRST_EN)} {rng.choice(_LAST_EN)}"
            mexican_phone = spanish and rng.random() < 0.6
            phone = ""
            for _attempt in range(20):  # avoid duplicate numbers while the ranges allow
                if mexican_phone:
                    phone = _mx_phone(rng.choice(_MX_AREA_CODES), rng.randrange(100))
                else:
                    phone = _us_phone(rng.choice(_US_AREA_CODES), rng.randrange(100))
                if phone not in used_phones:
                    break
            used_phones.add(phone)
            baseline = round(rng.uniform(-14.0, -9.0), 2)
            battery = round(rng.uniform(55.0, 100.0), 1)
            cf.trailers.append(Trailer(id=trailer_id, lock_id=lock_id, driver_id=driver_id))
            cf.drivers.append(Driver(
                id=driver_id, name=name, phone=phone,
                language=Language.ES if spanish else Language.EN,
                app_online=rng.random() > 0.03, trailer_id=trailer_id,
            ))
            cf.locks[lock_id] = (seal_id, baseline, battery)
        fleets.append(cf)
    return FleetDefinition(carriers=fleets, geofences=geofences())
