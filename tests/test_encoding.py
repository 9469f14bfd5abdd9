"""Text decoding: what each survey tool and spreadsheet program writes, as hand-written bytes."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxmaturity.errors import SurveyError
from cxmaturity.loading.encoding import codec_name, decode

QUALTRICS_TSV = (
    "StartDate\tEndDate\tQ1\r\n"
    "Start Date\tEnd Date\tHow satisfied are you, overall?\r\n"
    '{"ImportId":"startDate"}\t{"ImportId":"endDate"}\t{"ImportId":"QID1"}\r\n'
    "2024-01-02 10:00:00\t2024-01-02 10:05:00\tAgree\r\n"
)
FRENCH = "Nom,Commentaire\r\nRené,C’est très bien\r\nZoë,L’équipe\r\n"
CZECH = (
    "Jméno,Oddělení,Komentář\n"
    "Jiří Novák,Prodej,Velmi dobře, děkuji za rychlou odpověď\n"
    "Žofie Černá,Nákup,Špatná komunikace, příliš dlouhé čekání\n"
    "Ondřej,Účetnictví,Výborně\n"
)
# In cp1250, line 3 is valid UTF-8 by chance: 'ÓŁ' is D3 A3, the bytes of Cyrillic 'ӣ'.
POLISH = "Imię,Dział,Ocena\nŁukasz,Sprzedaż,4\nZofia,WSPÓŁPRACA,5\nGrzegorz,Księgowość,3\n"
RUSSIAN = "Имя,Отдел,Комментарий\nИван Петров,Продажи,Очень хорошо\nОльга,ООО «ВЕКТОР»,Плохо\n"
# charset-normalizer ranks a Korean misreading of these Shift-JIS bytes first.
JAPANESE = (
    "名前,部署,満足度,コメント\n"
    "山田太郎,営業部,4,とても良い対応でした。\n"
    "佐藤花子,人事部,2,返信が遅かったです。\n"
)
# In GBK, line 4 is valid UTF-8 by chance: '女' is C5 AE, the bytes of 'Ů'.
CHINESE = "编号,性别,部门\n1,女,销售部\n2,男,人事部\n3,女,5\n"
TAIWANESE = "編號,部門,評論\n1,銷售部,服務很好\n2,人事部,一般\n"
KOREAN = "번호,부서,의견\n1,영업부,매우 좋습니다\n2,인사부,답변이 늦었습니다\n"

# id, bytes, options, text, codec
DECODED = [
    ("utf8", b"a,b\n1,\xc3\xa9\n", {}, "a,b\n1,é\n", "utf-8"),
    (
        "utf8-bom",
        codecs.BOM_UTF8 + b"Name,Score\r\nAnn,4\r\n",
        {},
        "Name,Score\r\nAnn,4\r\n",
        "utf-8-sig",
    ),
    (
        "qualtrics-utf16le-bom",
        codecs.BOM_UTF16_LE + QUALTRICS_TSV.encode("utf-16-le"),
        {},
        QUALTRICS_TSV,
        "utf-16",
    ),
    (
        "utf16be-bom",
        codecs.BOM_UTF16_BE + QUALTRICS_TSV.encode("utf-16-be"),
        {},
        QUALTRICS_TSV,
        "utf-16",
    ),
    ("qualtrics-utf16le", QUALTRICS_TSV.encode("utf-16-le"), {}, QUALTRICS_TSV, "utf-16-le"),
    ("qualtrics-utf16be", QUALTRICS_TSV.encode("utf-16-be"), {}, QUALTRICS_TSV, "utf-16-be"),
    (
        "utf16le-with-japanese-header",
        ("満足度\tコメント\r\n" + QUALTRICS_TSV).encode("utf-16-le"),
        {},
        "満足度\tコメント\r\n" + QUALTRICS_TSV,
        "utf-16-le",
    ),
    ("utf16le-one-character", b"a\x00", {}, "a", "utf-16-le"),
    ("utf32-bom", codecs.BOM_UTF32_LE + "a,ü\n".encode("utf-32-le"), {}, "a,ü\n", "utf-32"),
    ("cp1252-french", FRENCH.encode("cp1252"), {}, FRENCH, "cp1252"),
    ("cp1250-czech", CZECH.encode("cp1250"), {}, CZECH, "cp1250"),
    ("cp1250-line-valid-as-utf8", POLISH.encode("cp1250"), {}, POLISH, "cp1250"),
    ("cp1251-russian", RUSSIAN.encode("cp1251"), {}, RUSSIAN, "cp1251"),
    ("shift-jis-japanese", JAPANESE.encode("shift_jis"), {}, JAPANESE, "cp932"),
    ("euc-jp-japanese", JAPANESE.encode("euc_jp"), {}, JAPANESE, "euc_jp"),
    ("gbk-line-valid-as-utf8", CHINESE.encode("gbk"), {}, CHINESE, "gb18030"),
    ("big5-chinese", TAIWANESE.encode("big5"), {}, TAIWANESE, "big5"),
    ("cp949-korean", KOREAN.encode("cp949"), {}, KOREAN, "cp949"),
    (
        # 'Ã©' (C3 A9) shares its line with cp1252 'è' (E8), so that line is not UTF-8.
        "cp1252-mojibake-beside-accents",
        b"Nom,Commentaire\nRen\xe9,tr\xe8s \xc3\xa9l\xc3\xa9gant\nZo\xeb,bien\n",
        {},
        "Nom,Commentaire\nRené,très Ã©lÃ©gant\nZoë,bien\n",
        "cp1252",
    ),
    ("cr-line-ends-cp1252", b"a,b\r1,Ren\xe9\r", {}, "a,b\r1,René\r", "cp1252"),
    # charset-normalizer ranks Big5 first for 'ça'; Western accents keep it to Latin code pages.
    ("tiny-cp1252", b"Q1\n\xe7a\n", {}, "Q1\nça\n", "cp1252"),
    ("given-latin1", b"Name,City\nJos\xe9,Z\xfcrich\n", {"encoding": "latin-1"}, None, "iso8859-1"),
    ("given-wins-over-utf8", b"a,b\n1,\xc3\xa9\n", {"encoding": "cp1252"}, "a,b\n1,Ã©\n", "cp1252"),
]

# id, bytes, options, reason code, words the message must hold
REFUSED = [
    (
        "mixed-utf8-first",
        b"Nom,Commentaire\nZo\xc3\xa9,tr\xc3\xa8s bien\nRen\xe9,tr\xe8s bien\n",
        {},
        "encoding",
        ["mixes text encodings (line 2 is UTF-8, line 3 is not)", "CSV UTF-8"],
    ),
    (
        "mixed-cp1252-first",
        b"Nom,Commentaire\nRen\xe9,bien\nZo\xc3\xa9,d\xc3\xa9j\xc3\xa0 vu\nAna\xefs,oui\n",
        {},
        "encoding",
        ["line 3 is UTF-8, line 2 is not"],
    ),
    ("mixed-tiny", b"a,b\n1,\xc3\xa9\n2,\xe9t\n", {}, "encoding", ["line 2 is UTF-8, line 3"]),
    # Read as Big5 before ('矇t矇', '蓷'): Chinese made up out of French letters.
    (
        "mixed-once-read-as-big5",
        b"a,b\n\xc3\xa9t\xc3\xa9\n\xe7a\n",
        {},
        "encoding",
        ["line 2 is UTF-8"],
    ),
    (
        # UTF-8 'ü' reads as two letters in cp1250 ('MĂĽller'): caught as a capital inside a word.
        "mixed-cp1250-and-utf8-umlaut",
        "Jméno,Oddělení\nJiří Novák,Prodej\n".encode("cp1250") + "Jan Müller,Einkauf\n".encode(),
        {},
        "encoding",
        ["line 3 is UTF-8, line 1 is not"],
    ),
    (
        "mixed-cr-line-ends",
        b"a,b\r1,\xc3\xa9\r2,\xe9t\r",
        {},
        "encoding",
        ["line 2 is UTF-8, line 3"],
    ),
    (
        "mixed-apostrophes",
        b"Q1\nL\xe2\x80\x99\xc3\xa9quipe\nL\x92\xe9quipe\n",
        {},
        "encoding",
        ["line 2 is UTF-8, line 3 is not"],
    ),
    (
        # On a line of its own, cp1252 'Ã©' is byte for byte UTF-8 'é': refused, not guessed.
        "cp1252-mojibake-alone",
        b"Nom,Commentaire\nRen\xe9,tr\xe8s bien\nBo,\xc3\xa9l\xc3\xa9gant\n",
        {},
        "encoding",
        ["line 3 is UTF-8, line 2 is not"],
    ),
    (
        "mixed-japanese",
        "名前,部署\n".encode() + "山田,営業部\n佐藤,人事部\n".encode("shift_jis"),
        {},
        "encoding",
        ["line 1 is UTF-8, line 2 is not"],
    ),
    (
        "utf8-with-one-cp1252-byte",
        b"a,b\n1,\xc3\xa9\n2,\xc3\xa8\n3,\xa0x\n",
        {},
        "encoding",
        ["line 2 is UTF-8, line 4 is not"],
    ),
    ("binary-with-nul", bytes(range(256)) * 4, {}, "not-a-table", ["binary", "CSV or XLSX"]),
    ("utf8-with-nul", b"a,b\n1,\x002\n", {}, "not-a-table", ["NUL"]),
    ("too-few-nuls-for-utf16", b"a\x00" * 85 + b"ab" * 15, {}, "not-a-table", ["NUL"]),
    ("utf16-pattern-of-control-codes", b"\x01\x00" * 100, {}, "not-a-table", ["NUL"]),
    ("utf16-nul-character", "a,b\n\x00\n".encode("utf-16"), {}, "not-a-table", ["NUL"]),
    (
        "utf16le-odd-length",
        "a,b\r\n1,2\r\n".encode("utf-16-le") + b"\n",
        {},
        "encoding",
        ["byte 20 (line 3) cannot be read as utf-16-le text", "damaged"],
    ),
    (
        "utf16le-lone-surrogate",
        "a,b\n1,2\n".encode("utf-16-le") + b"\x00\xd8" + "x\n".encode("utf-16-le"),
        {},
        "encoding",
        ["byte 16 (line 3) cannot be read as utf-16-le text"],
    ),
    (
        "given-wrong",
        b"a,b\n1,\xe9\n",
        {"encoding": "utf-8"},
        "encoding",
        ["byte 6 (line 2) cannot be read as utf-8 text", "leave the encoding out"],
    ),
    (
        "bom-then-cp1252",
        codecs.BOM_UTF8 + b"a,b\n1,\xe9\n",
        {},
        "encoding",
        ["byte 9 (line 2) cannot be read as utf-8-sig text"],
    ),
    ("unknown-encoding", b"a,b\n", {"encoding": "klingon"}, "bad-option", ["'klingon'"]),
    ("not-a-text-encoding", b"a,b\n", {"encoding": "base64"}, "bad-option", ["'base64'"]),
]


@pytest.mark.parametrize(
    ("raw", "options", "text", "codec"),
    [case[1:] for case in DECODED],
    ids=[case[0] for case in DECODED],
)
def test_decoded(raw: bytes, options: dict[str, str], text: str | None, codec: str) -> None:
    decoded, used = decode(raw, "survey.csv", **options)
    assert used == codec
    assert decoded == (text if text is not None else raw.decode(codec))


@pytest.mark.parametrize(
    ("raw", "options", "code", "words"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_refused(raw: bytes, options: dict[str, str], code: str, words: list[str]) -> None:
    with pytest.raises(SurveyError) as caught:
        decode(raw, "survey.csv", **options)
    assert [problem.code for problem in caught.value.problems] == [code]
    message = str(caught.value)
    assert message.startswith("survey.csv: ") and "\n" not in message
    for word in words:
        assert word in message


def test_utf8_rows_appended_to_a_large_cp1252_file_are_found() -> None:
    """Not a sample: the whole file is scanned, and the lines are named as an editor counts."""
    rows = b"Ren\xe9,4,tr\xe8s bien\n" * 200_000
    raw = b"Nom,Note,Commentaire\n" + rows + b"Zo\xc3\xa9,5,tr\xc3\xa8s bien\n"
    with pytest.raises(SurveyError, match=r"line 200002 is UTF-8, line 2 is not"):
        decode(raw, "big.csv")


@pytest.mark.parametrize(
    ("given", "codec"),
    [
        ("latin-1", "iso8859-1"),
        ("UTF8", "utf-8"),
        ("windows-1252", "cp1252"),
        ("utf_16_le", "utf-16-le"),
        ("sjis", "shift_jis"),
    ],
)
def test_codec_name(given: str, codec: str) -> None:
    assert codec_name("a.csv", given) == codec


@settings(max_examples=200)
@given(raw=st.binary(max_size=2000))
def test_any_bytes_give_text_or_a_survey_error(raw: bytes) -> None:
    try:
        text, codec = decode(raw, "x.csv")
    except SurveyError as error:
        assert error.problems[0].code in {"encoding", "not-a-table"}
        return
    assert "\x00" not in text
    assert codecs.lookup(codec).name == codec
