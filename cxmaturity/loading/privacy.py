"""Personal columns: recognised by name and dropped as a file is read, before anything is kept."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cxmaturity.text import compact

PERSONAL_NAMES = frozenset(
    compact(name)
    for name in (
        "name",
        "full name",
        "first name",
        "last name",
        "firstname",
        "lastname",
        "surname",
        "respondent name",
        "recipient first name",
        "recipient last name",
        "recipientfirstname",
        "recipientlastname",
        "recipient email",
        "recipientemail",
        "email",
        "e-mail",
        "email address",
        "emailaddress",
        "e-mail address",
        "e-mail des empfängers",
        "ip address",
        "ipaddress",
        "ip",
        "ip-adresse",
        "location latitude",
        "location longitude",
        "locationlatitude",
        "locationlongitude",
        "locationaccuracy",
        "location accuracy",
        "latitude",
        "longitude",
        "lat",
        "lon",
        "lng",
        "external reference",
        "externalreference",
        "external data reference",
        "externaldatareference",
        "externe datenreferenz",
        "user agent",
        "useragent",
        "phone",
        "phone number",
        "mobile",
        "city",
        "postal",
        "postal code",
        "zip",
        "zip code",
        "postcode",
        "street",
        "address",
        "contact id",
        "session id",
        "sessionid",
        "referer",
        "referrer",
        "custom data",
        "custom data 1",
        "nachname des empfängers",
        "vorname des empfängers",
        "breitengrad des standorts",
        "längengrad des standorts",
        "recipient name",
    )
)
_PERSONAL_WORDS = re.compile(
    r"(e-?mail|ip.?addres|latitude|longitude|recipient.?(first|last|e-?mail)|external.?(data.?)?ref"
    r"|zip.?code|postal.?code|postcode|phone.?number|home.?address)",
    re.IGNORECASE,
)


def is_personal(texts: Iterable[str]) -> bool:
    """True when any of a column's texts (name, header rows) names personal data."""
    for text in texts:
        if compact(text) in PERSONAL_NAMES or _PERSONAL_WORDS.search(text or ""):
            return True
    return False
