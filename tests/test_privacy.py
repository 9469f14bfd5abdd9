"""Personal columns: known by header in five languages, by content whatever the header, and
columns of names or free text known so that messages never quote them."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from cxmaturity.loading import table_from_frame
from cxmaturity.loading.privacy import (
    is_personal,
    load_vocabulary,
    looks_like_free_text,
    personal_content,
    personal_reason,
)
from cxmaturity.resources import DATA_DIR, FRAMEWORKS_DIR

S01 = "There is someone in our company who clarifies what we are to accomplish with customers."


def holds(kind: str) -> str:
    return load_vocabulary().kind(kind).holds


# --------------------------------------------------------------------------- by header

HEADERS = [
    # the headers testers found unrecognised
    (["Naam:"], "name"),
    (["E-mailadres"], "email"),
    (["Telefoonnummer"], "phone"),
    (["Your name"], "name"),
    (["What is your name?"], "name"),
    (["Telephone"], "phone"),
    (["Mobile phone"], "phone"),
    (["Street address"], "address"),
    (["Employee ID"], "employee"),
    # English phrasings, numbering, colons, "(optional)"
    (["Q3. What is your name?"], "name"),
    (["Q3", "What is your name?"], "name"),
    (["3) First name"], "name"),
    (["Last name:"], "name"),
    (["Surname"], "name"),
    (["Full Name *"], "name"),
    (["What's your full name?"], "name"),
    (["Please write your name below"], "name"),
    (["First and last name"], "name"),
    (["Your manager's name"], "name"),
    (["What are the names of the course instructors?"], "name"),
    (["Your e-mail address (optional)"], "email"),
    (["Q5", "What is your e-mail?"], "email"),
    (["Email 2"], "email"),
    (["Work email"], "email"),
    (["If you want us to contact you, please leave your email address"], "email"),
    (["Please enter your phone number"], "phone"),
    (["Cell"], "phone"),
    (["Mobile number (optional)"], "phone"),
    (["Name and e-mail"], "email"),
    (["How can we reach you? (phone or e-mail)"], "email"),
    (["Home address"], "address"),
    (["Address line 2"], "address"),
    (["ZIP"], "postcode"),
    (["Postal code"], "postcode"),
    (["Q9", "In what ZIP code is your home located?"], "postcode"),
    (["City"], "city"),
    (["Where do you live?"], "city"),
    (["Date of birth"], "birth"),
    (["What is your date of birth?"], "birth"),
    (["Birthday"], "birth"),
    (["Employee number"], "employee"),
    (["EmployeeNumber"], "employee"),
    (["Staff ID"], "employee"),
    (["Personnel number"], "employee"),
    (["SSN"], "national"),
    (["Social security number"], "national"),
    (["National ID"], "national"),
    (["IP"], "ip"),
    (["IP Address"], "ip"),
    (["Latitude"], "location"),
    (["Geolocation"], "location"),
    (["User Agent"], "device"),
    (["Username"], "account"),
    (["Contact details - Name", "Name", "Contact details"], "name"),
    (["Contact details"], "contact"),
    # Dutch
    (["Naam"], "name"),
    (["Voornaam"], "name"),
    (["Achternaam"], "name"),
    (["Voor- en achternaam"], "name"),
    (["Wat is je naam?"], "name"),
    (["Uw naam (optioneel)"], "name"),
    (["Vul hier je e-mailadres in"], "email"),
    (["E-mail adres"], "email"),
    (["Telefoon"], "phone"),
    (["Mobiel nummer"], "phone"),
    (["Adres"], "address"),
    (["Straat en huisnummer"], "address"),
    (["Postcode"], "postcode"),
    (["Woonplaats"], "city"),
    (["Geboortedatum"], "birth"),
    (["Personeelsnummer"], "employee"),
    (["BSN"], "national"),
    # German, including Qualtrics' German labels
    (["Name"], "name"),
    (["Vorname"], "name"),
    (["Nachname"], "name"),
    (["Vor- und Nachname"], "name"),
    (["Wie lautet Ihr Name?"], "name"),
    (["E-Mail-Adresse"], "email"),
    (["Bitte geben Sie Ihre E-Mail-Adresse an"], "email"),
    (["Telefonnummer"], "phone"),
    (["Handy"], "phone"),
    (["Adresse"], "address"),
    (["Straße"], "address"),
    (["PLZ"], "postcode"),
    (["PLZ / Ort"], "postcode"),
    (["Postleitzahl"], "postcode"),
    (["Geburtsdatum"], "birth"),
    (["Personalnummer"], "employee"),
    (["RecipientLastName", "Nachname des Empfängers"], "name"),
    (["RecipientEmail", "E-Mail des Empfängers"], "email"),
    (["ExternalReference", "Externe Datenreferenz"], "reference"),
    (["LocationLatitude", "Breitengrad des Standorts"], "location"),
    (["LocationLongitude", "Längengrad des Standorts"], "location"),
    (["IPAddress", "IP-Adresse"], "ip"),
    # French
    (["Nom"], "name"),
    (["Prénom"], "name"),
    (["Nom de famille"], "name"),
    (["Quel est votre nom ?"], "name"),
    (["Nom et prénom"], "name"),
    (["Courriel"], "email"),
    (["Adresse e-mail"], "email"),
    (["Veuillez indiquer votre adresse e-mail"], "email"),
    (["Téléphone"], "phone"),
    (["Portable"], "phone"),
    (["Rue"], "address"),
    (["Code postal"], "postcode"),
    (["Date de naissance"], "birth"),
    (["Matricule"], "employee"),
    # Spanish
    (["Nombre"], "name"),
    (["¿Cuál es tu nombre?"], "name"),
    (["Apellido(s)"], "name"),
    (["Nombre y apellidos"], "name"),
    (["Correo electrónico"], "email"),
    (["Por favor, introduzca su correo electrónico"], "email"),
    (["Teléfono"], "phone"),
    (["Móvil"], "phone"),
    (["Celular"], "phone"),
    (["Dirección"], "address"),
    (["Calle"], "address"),
    (["Código postal"], "postcode"),
    (["Fecha de nacimiento"], "birth"),
    (["Número de empleado"], "employee"),
    # not personal: survey questions and columns that merely mention a word
    (["Division"], None),
    (["Which division do you work in?"], None),
    (["Department name"], None),
    (["Name of your division"], None),
    (["What is the name of your department?"], None),
    (["What is the official name of your course?"], None),
    (["Team name"], None),
    (["Afdelingsnaam"], None),
    (["Naam afdeling"], None),
    (["Name der Abteilung"], None),
    (["Abteilungsname"], None),
    (["Nom du service"], None),
    (["Nombre del departamento"], None),
    (["Region"], None),
    (["Which country/region do you work in?"], None),
    (["Location (Census Region)"], None),
    (["Location"], None),
    (["Role"], None),
    (["Which best describes your role?"], None),
    (["Team"], None),
    (["Job title"], None),
    (["Response ID"], None),
    (["ResponseId", "Antwort-ID"], None),
    (["Respondent ID"], None),
    (["RespondentID"], None),
    (["ID"], None),
    (["EmployeeCount"], None),
    (["DistanceFromHome"], None),
    (["Age"], None),
    (["Gender"], None),
    (["Q3", "How likely are you to recommend our company to a friend or colleague?"], None),
    (["Anything else you would like to tell us?"], None),
    (["How quickly do you answer customer e-mails?"], None),
    (["Do you use GPS to plan deliveries?"], None),
    (["Do you follow the Employee Code of Conduct?"], None),
    (["Who coordinates the customer work?"], None),
    (["Which conference(s) (comma separated list with FULLNAME (ACRONYM))"], None),
    (["How do we address customer complaints?"], None),
    (["UserLanguage", "User Language"], None),
    (["Duration (in seconds)"], None),
    ([""], None),
    ([], None),
]


@pytest.mark.parametrize(("texts", "kind"), HEADERS, ids=lambda v: str(v)[:60])
def test_personal_headers(texts: list[str], kind: str | None) -> None:
    expected = f"its name says it holds {holds(kind)}" if kind else None
    assert personal_reason(texts) == expected
    assert is_personal(texts) is (kind is not None)


OLD_NAMES = """
name; full name; first name; last name; firstname; lastname; surname; respondent name;
recipient first name; recipient last name; recipientfirstname; recipientlastname;
recipient email; recipientemail; email; e-mail; email address; emailaddress; e-mail address;
e-mail des empfängers; ip address; ipaddress; ip; ip-adresse; location latitude;
location longitude; locationlatitude; locationlongitude; locationaccuracy; location accuracy;
latitude; longitude; lat; lon; lng; external reference; externalreference;
external data reference; externaldatareference; externe datenreferenz; user agent; useragent;
phone; phone number; mobile; city; postal; postal code; zip; zip code; postcode; street;
address; contact id; session id; sessionid; referer; referrer; custom data; custom data 1;
nachname des empfängers; vorname des empfängers; breitengrad des standorts;
längengrad des standorts; recipient name; IPAddress; LocationLatitude; RecipientFirstName;
ExternalDataReference; Custom Data 1; LastName; First Name; Email Address; Contact ID
"""


@pytest.mark.parametrize("header", [n.strip() for n in OLD_NAMES.split(";")])
def test_every_name_recognised_before_still_is(header: str) -> None:
    assert is_personal([header])


def _statements() -> list[tuple[str, str]]:
    items = []
    for path in sorted(FRAMEWORKS_DIR.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in spec.get("items") or spec.get("statements") or []:
            items.append((str(item.get("id") or item.get("number")), item["text"]))
    return items


@pytest.mark.parametrize(("item", "text"), _statements())
def test_no_statement_is_personal(item: str, text: str) -> None:
    for texts in (
        [text],
        [item],
        [f"{item} - {text}"],
        [f"{item}: {text}"],
        [f"How far do you agree with each statement? [{text}]"],
        ["Q2_1", f"How far do you agree with each statement? - {text}"],
    ):
        assert personal_reason(texts) is None, texts


def test_every_vocabulary_name_is_personal_by_itself() -> None:
    spec = yaml.safe_load((DATA_DIR / "personal.yaml").read_text(encoding="utf-8"))
    for key, kind in spec["kinds"].items():
        for language, names in (kind.get("names") or {}).items():
            for name in names:
                assert is_personal([name]), (key, language, name)


def test_vocabulary_words_are_all_text() -> None:
    vocabulary = load_vocabulary()
    assert [kind.key for kind in vocabulary.kinds][:2] == ["reference", "email"]
    assert all(kind.holds and (kind.names or kind.key == "link") for kind in vocabulary.kinds)
    assert {"and", "en", "und", "et", "y"} <= vocabulary.joins


# --------------------------------------------------------------------------- by content

EMAILS = ["ann@example.com", "Bob.Smith+cx@mail.co.uk", "Jan <jan@firma.nl>", "x_y@ab-c.de"]
PHONES = [
    "+31 6 12345678",
    "06-12345678",
    "0612345678",
    "(020) 123 4567",
    "020 7946 0958",
    "+44 (0)20 7946 0958",
    "+1 (555) 123-4567",
    "555-123-4567",
    "555.123.4567",
    "030/12345678",
    "0049 30 1234567",
    "01 23 45 67 89",
    "+33 1 23 45 67 89",
    "612 34 56 78",
    "020-7946 0958 ext 12",
]
NPS = [str(score) for score in range(11)]
LIKERT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree"]
DATES = ["2024-01-15", "15-01-2024", "15/01/2024", "15.01.2024", "01/02/24", "2024-01-15 10:30"]


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (EMAILS, "email"),
        ([*EMAILS, None, "", "  "], "email"),
        (["ann@example.com", None, None, None], "email"),
        (PHONES, "phone"),
        (["10.0.0.1", "192.168.1.20", "172.16.254.1"], "ip"),
        (["2001:db8::1", "fe80::1", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"], "ip"),
        (["12345-6789", "90210-1234"], "postcode"),
        (["SW1A 1AA", "M1 1AE", "B33 8TH", "cr2 6xh"], "postcode"),
        (["1234 AB", "1012ab", "3511 LX Utrecht"], "postcode"),
        (["10115 Berlin", "75001 Paris", "28013 Madrid", "1000 Bruxelles"], "postcode"),
        (["https://cx.example.com/s?id=3&email=ann@example.com"], "link"),
        (["ann@example.com", "bob@example.com", "Sales", "IT"], "email"),
        (NPS, None),
        (NPS * 20, None),
        ([str(n) for n in range(1, 8)], None),
        (LIKERT, None),
        (["Yes", "No", "Yes"], None),
        (["2019", "2020", "2021", "2024"], None),
        (["2019-2020", "2020-2021"], None),
        (DATES, None),
        (["10:30", "12:30:00", "09:15:22"], None),
        (["R_3fDxAbc12XyZ9kL", "R_1a2b3c4d5e6f7g8"], None),
        (["11385032920", "11385032921", "11385032922"], None),
        (["1001", "1002", "1003"], None),
        (["10115", "75001", "28013", "90210"], None),
        (["10100 Finance", "20200 Sales", "30300 Legal"] * 3, None),
        (["Sales", "Customer Service", "Human Resources", "IT"], None),
        (["42.401901245117", "-71.119300842285", "0.123456789"], None),
        (["12 345 678", "1.234.567", "123 456 789"], None),
        (["$25,000 - $49,999", "$50,000 - $99,999"], None),
        (["1 - Strongly disagree", "5 - Strongly agree"], None),
        (["ann@example.com", "Sales", "IT", "Legal"], None),
        ([], None),
        ([None, "", " "], None),
    ],
    ids=lambda v: str(v)[:50],
)
def test_personal_content(values: list[str | None], kind: str | None) -> None:
    expected = f"it holds {holds(kind)}" if kind else None
    assert personal_content(values) == expected


@pytest.mark.parametrize("phone", PHONES)
def test_each_phone_format_counts(phone: str) -> None:
    assert personal_content([phone]) == f"it holds {holds('phone')}"


@pytest.mark.parametrize("date", DATES)
def test_no_date_counts_as_a_phone(date: str) -> None:
    assert personal_content([date]) is None


@pytest.mark.parametrize(
    ("texts", "personal"),
    [(["PLZ"], True), (["Q7", "Your zip code"], True), (["Q7"], False), (["Year"], False)],
)
def test_plain_postcodes_need_a_header_that_says_so(texts: list[str], personal: bool) -> None:
    values = ["10115", "75001", "00544", "94305"]
    assert (personal_content(values, texts=texts) is not None) is personal


def test_mixed_contact_details_name_both_kinds() -> None:
    values = ["ann@example.com", "+31 6 12345678", "bob@example.com", "06-87654321"]
    reason = personal_content(values)
    assert reason == f"it holds {holds('email')} and {holds('phone')}"


def test_a_reason_never_quotes_a_value() -> None:
    reason = personal_content(["ann@example.com", "bob@example.com"]) or ""
    assert "ann" not in reason and "@" not in reason


# --------------------------------------------------------------------------- free text

NAMES = ["Jan Jansen", "Marie Dupont", "Hans Müller", "José García", "Piet de Vries"]


@pytest.mark.parametrize(
    ("values", "free"),
    [
        ([f"Respondent Number{i}" for i in range(300)], True),
        ([f"{first} {last}" for first in ("Ann", "Bob", "Cas") for last in NAMES], True),
        (NAMES, True),
        (["Anna van der Berg", "J. Smith", "Smith, Jane", "O'Brien Sean"], True),
        (["Jan Jansen"], True),
        ([f"Comment {i}: we need better tools" for i in range(60)], True),
        (["The roadmap is not clear to anyone here", "More training would help us a lot"], True),
        ([f"user{i}@example.com" for i in range(25)], True),
        (["Sales", "IT", "Legal", "Customer Service", "Human Resources"] * 60, False),
        (["Customer Service", "Field Sales", "Human Resources"], False),
        (["Strongly Disagree", "Disagree", "Neither Agree Nor Disagree", "Strongly Agree"], False),
        (["New England"], False),
        (NPS * 30, False),
        (LIKERT * 75, False),
        (["Sales", "Sales", "IT"], False),
        ([], False),
        ([None, ""], False),
    ],
    ids=lambda v: str(v)[:50],
)
def test_looks_like_free_text(values: list[str | None], free: bool) -> None:
    assert looks_like_free_text(values) is free


# --------------------------------------------------------------------------- on load


def test_personal_columns_are_dropped_and_listed() -> None:
    frame = pd.DataFrame({"Name": ["Ann"], "IP Address": ["10.0.0.1"], "Division": ["A"]})
    table = table_from_frame("f.csv", "f", frame)
    assert list(table.frame.columns) == ["Division"]
    assert table.personal_dropped == ("Name", "IP Address")
    assert "Ann" not in table.frame.to_csv()
