"""The command line: ``python -m cxmaturity score|findings|inspect|import|waves|trends|…``.

Bad input ends with one line ``error: …`` on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cxmaturity.errors import CxMaturityError, SurveyError
from cxmaturity.export.tables import to_csv_bytes
from cxmaturity.findings import find_findings
from cxmaturity.framework import load_framework
from cxmaturity.loading import TOOLS, Table, read_table
from cxmaturity.mapping import load_mapping
from cxmaturity.report import columns_to_dict, describe_columns
from cxmaturity.results import ORGANISATION
from cxmaturity.sample import SCALES, sample_survey
from cxmaturity.scales import parse_range
from cxmaturity.scoring import DEFAULT_MIN_GROUP_SIZE, score
from cxmaturity.settings import MAX_FILE_MB
from cxmaturity.stats import whole
from cxmaturity.store import FileFingerprint, Store, StoreError, check_name
from cxmaturity.survey import FILTERS, Survey, build_survey
from cxmaturity.trends import OVERALL, change_findings, trends

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage mistakes as one ``error:`` line, like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CxMaturityError(f"{message} (see python -m {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cxmaturity", description="Customer-work maturity by division.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser(
        "score", help="score survey files (or a saved wave) and print the results"
    )
    _add_reading_options(run, files_optional=True)
    _add_wave_choice(run)
    _add_group_size(run, "divisions with fewer respondents show no scores")
    _add_filter(run)
    run.add_argument("--format", choices=("json", "csv"), default="json")
    run.set_defaults(handler=_score)

    tell = commands.add_parser("findings", help="what the numbers say, in words, with evidence")
    _add_reading_options(tell, files_optional=True)
    _add_wave_choice(tell)
    _add_group_size(tell, "divisions with fewer respondents are never named")
    _add_filter(tell)
    tell.add_argument("--format", choices=("json", "text"), default="json")
    tell.set_defaults(handler=_findings)

    look = commands.add_parser("inspect", help="show how survey files are read, without scoring")
    _add_reading_options(look)
    look.add_argument("--format", choices=("text", "json"), default="text")
    look.set_defaults(handler=_inspect)

    keep = commands.add_parser(
        "import", help="read survey files and save them as a wave (a named survey round)"
    )
    _add_reading_options(keep)
    keep.add_argument(
        "--wave", required=True, metavar="NAME", help="the wave's name, e.g. 'Q1 2026'"
    )
    keep.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", help="when the round was run (default: none)"
    )
    keep.set_defaults(handler=_import)

    listing = commands.add_parser("waves", help="list the saved waves, oldest first")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=_waves)

    drop = commands.add_parser("delete-wave", help="delete a saved wave and all its responses")
    drop.add_argument("name", metavar="NAME")
    drop.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    drop.set_defaults(handler=_delete_wave)

    rename = commands.add_parser("rename-wave", help="give a saved wave another name")
    rename.add_argument("old", metavar="NAME")
    rename.add_argument("new", metavar="NEW_NAME")
    rename.set_defaults(handler=_rename_wave)

    over = commands.add_parser(
        "trends", help="scores across the saved waves and what changed since the wave before"
    )
    _add_group_size(over, "divisions with fewer respondents in a wave show nothing for it")
    over.add_argument(
        "--measure",
        default=OVERALL,
        metavar="WHAT",
        help="'overall' (default), a pillar (people, process, technology) or a statement id",
    )
    over.add_argument("--format", choices=("text", "json", "csv"), default="text")
    over.set_defaults(handler=_trends)

    board = commands.add_parser(
        "board-pack",
        help="the board pack: an editable deck, division briefs, HTML and PDF reports, data",
    )
    _add_reading_options(board, files_optional=True)
    _add_wave_choice(board)
    _add_group_size(board, "divisions with fewer respondents appear in no output")
    _add_filter(board)
    board.add_argument("--out", required=True, metavar="DECK.pptx", help="the deck to write")
    board.add_argument("--pdf", metavar="FILE", help="also a PDF report")
    board.add_argument("--html", metavar="FILE", help="also a self-contained HTML report")
    board.add_argument("--xlsx", metavar="FILE", help="also every score as a workbook")
    board.add_argument("--csv", metavar="FILE", help="also every score as CSV")
    board.add_argument("--briefs", metavar="DIR", help="also one short deck per division, here")
    board.add_argument("--template", metavar="T.pptx", help="fonts, colours and logo to use")
    board.add_argument(
        "--organisation", default="", metavar="NAME", help="the name on the title slide"
    )
    board.set_defaults(handler=_board_pack)

    make = commands.add_parser("sample", help="write a realistic synthetic survey export")
    make.add_argument("--respondents", type=_positive, default=1000, metavar="N")
    make.add_argument("--divisions", type=_positive, default=8, metavar="D")
    make.add_argument("--seed", type=int, default=0, metavar="S")
    make.add_argument(
        "--scale",
        choices=tuple(SCALES),
        default="agree5",
        help="answer scale of the statements (default agree5)",
    )
    make.add_argument("--out", required=True, metavar="FILE", help="CSV file to write")
    make.set_defaults(handler=_sample)
    return parser


def _add_group_size(command: argparse.ArgumentParser, meaning: str) -> None:
    command.add_argument(
        "--min-group-size",
        type=_positive,
        default=DEFAULT_MIN_GROUP_SIZE,
        metavar="N",
        help=f"{meaning} (default {DEFAULT_MIN_GROUP_SIZE})",
    )


def _add_filter(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--filter",
        action="append",
        type=_filter,
        default=[],
        metavar="COLUMN=VALUE",
        help="score only respondents with this role, region or wave (repeatable); groups that "
        "would become too small, or could be worked out, are not shown",
    )


def _add_wave_choice(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--wave",
        metavar="NAME",
        help="use a saved wave instead of files (see the waves command)",
    )


def _add_reading_options(command: argparse.ArgumentParser, files_optional: bool = False) -> None:
    """The options that say how to read the files, shared by ``score`` and ``inspect``."""
    command.add_argument(
        "files",
        nargs="*" if files_optional else "+",
        metavar="FILE",
        help="CSV, TSV or XLSX exports",
    )
    command.add_argument(
        "--mapping",
        metavar="FILE",
        help="CSV 'column,item' (or JSON) saying which column holds which statement or role",
    )
    command.add_argument(
        "--division-column",
        metavar="COL",
        help="column naming each respondent's division (default: detected; with "
        "several files and no such column, each file is a division)",
    )
    command.add_argument(
        "--framework",
        metavar="FILE",
        help="framework name or YAML/JSON/CSV file (default: bliss-11)",
    )
    command.add_argument(
        "--nps-column",
        metavar="COL",
        help="0–10 recommend question (default: detected by a header mentioning 'recommend')",
    )
    scale = command.add_mutually_exclusive_group()
    scale.add_argument(
        "--scale",
        type=_scale,
        metavar="MIN-MAX",
        help="the numeric answer scale, e.g. 1-4, 1-5, 0-10 (default: inferred and reported)",
    )
    scale.add_argument(
        "--scale-points",
        type=int,
        choices=(5, 7),
        metavar="{5,7}",
        help="same as --scale 1-5 or --scale 1-7",
    )
    command.add_argument(
        "--sheet", metavar="NAME", help="XLSX worksheet (default: first with data)"
    )
    command.add_argument("--encoding", metavar="NAME", help="text encoding (default: detected)")
    command.add_argument(
        "--delimiter",
        type=_delimiter,
        metavar="CHAR",
        help="cell separator: ',', ';' or 'tab' (default: detected)",
    )
    command.add_argument(
        "--tool",
        choices=TOOLS,
        help="which survey tool wrote the files (default: recognised from the header rows)",
    )
    command.add_argument(
        "--max-file-mb",
        type=_positive,
        default=MAX_FILE_MB,
        metavar="MB",
        help=f"largest file accepted (default {MAX_FILE_MB})",
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except CxMaturityError as exc:
        _say(f"error: {_one_line(str(exc))}{_hint(exc)}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the reader went away; stay quiet
        return 0
    except Exception as exc:
        if os.environ.get("CXMATURITY_DEBUG"):
            raise
        _say(
            f"error: unexpected failure ({type(exc).__name__}); please report it with the "
            "command and file; set CXMATURITY_DEBUG=1 for details"
        )
        return EXIT_INTERNAL


# What to type, for problems whose message (shared with the dashboard) says what to do in words.
HINTS = {
    "no_items": "--mapping FILE",
    "missing_division_column": "--division-column COL or --mapping FILE",
    "ambiguous_division_column": "--division-column COL",
    "ambiguous_nps_column": "--nps-column COL",
    "file-too-large": "--max-file-mb MB",
    "unpacks-too-large": "--max-file-mb MB",
    "missing-sheet": "--sheet NAME",
    "encoding": "--encoding NAME",
    "answer_out_of_range": "--scale MIN-MAX",
}


def _hint(error: CxMaturityError) -> str:
    options = dict.fromkeys(HINTS[p.code] for p in error.problems if p.code in HINTS)
    return f" (on the command line: {'; '.join(options)})" if options else ""


def _say(line: str) -> None:
    """One line on stderr that prints whatever the terminal's encoding (file names included)."""
    encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
    safe = line.encode(encoding, errors="backslashreplace").decode(encoding, errors="replace")
    print(safe, file=sys.stderr)


def _read(args: argparse.Namespace, *, on_unrecognised=None) -> Survey:
    """Read the files as the options say (or load the saved wave ``--wave`` names);
    ``on_unrecognised`` sees the tables if none matched."""
    wave = getattr(args, "wave", None)
    if args.command in ("score", "findings", "board-pack"):
        if wave and args.files:
            raise CxMaturityError("give survey files or --wave NAME, not both")
        if wave:
            return Store().load(wave)
        if not args.files:
            raise CxMaturityError("give one or more survey files, or --wave NAME")
    framework = load_framework(args.framework)
    mapping = load_mapping(args.mapping, framework) if args.mapping else None
    tables = [
        read_table(
            path,
            sheet=args.sheet,
            encoding=args.encoding,
            delimiter=args.delimiter,
            max_file_mb=args.max_file_mb,
            tool=args.tool,
        )
        for path in args.files
    ]
    scale = args.scale or ((1, args.scale_points) if args.scale_points else None)
    try:
        return build_survey(
            tables,
            framework,
            division_column=args.division_column,
            nps_column=args.nps_column,
            scale=scale,
            mapping=mapping,
        )
    except SurveyError as error:
        if on_unrecognised and any(p.code == "no_items" for p in error.problems):
            on_unrecognised(tables)
        raise


def _score(args: argparse.Namespace) -> int:
    results = score(_read(args), min_group_size=args.min_group_size, filters=_filters(args))
    if args.format == "csv":
        _write_bytes(to_csv_bytes(results.to_table()))
    else:
        _print_json(results.to_dict())
    return 0


def _findings(args: argparse.Namespace) -> int:
    survey = _read(args)
    results = score(survey, min_group_size=args.min_group_size, filters=_filters(args))
    found = find_findings(survey, results)
    if args.wave:
        found += _changes_into(args.wave, args.min_group_size, _filters(args))
    if args.format == "json":
        _print_json([finding.to_dict() for finding in found])
    else:
        for finding in found:
            print(f"[{finding.kind}] {finding.headline}")
    return 0


def _inspect(args: argparse.Namespace) -> int:
    def show_columns(tables: list[Table]) -> None:
        if args.format == "json":
            _print_json({"files": [columns_to_dict(table) for table in tables]})
        else:
            print("\n\n".join(describe_columns(table) for table in tables))

    report = _read(args, on_unrecognised=show_columns).report
    if args.format == "json":
        _print_json(report.to_dict())
    else:
        print(report.to_text())
    return 0


def _changes_into(wave: str, min_group_size: int, filters: dict[str, str]) -> list:
    """What changed in a saved wave since the wave before it, in words."""
    store = Store()
    listed = [w.name for w in store.waves()]
    k = listed.index(wave)
    if k == 0:
        return []
    chosen = [store.saved(name) for name in listed[k - 1 : k + 1]]
    return change_findings(trends(chosen, min_group_size=min_group_size, filters=filters))


def _import(args: argparse.Namespace) -> int:
    store = Store()
    name = check_name(args.wave)
    fingerprints = [FileFingerprint.of_path(path) for path in args.files]
    saved = store.saved_in(fingerprints)
    if saved:
        file, wave = next(iter(saved.items()))
        raise StoreError(
            f"{file} is already saved, in wave {wave!r}: the same file cannot be two survey "
            "rounds; delete that wave first to import it again"
        )
    survey = _read(args)
    mapping = Path(args.mapping).read_text(encoding="utf-8-sig") if args.mapping else None
    wave = store.save(survey, name=name, files=fingerprints, date=args.date, mapping=mapping)
    excluded = sum(survey.exclusions.values())
    reasons = ", ".join(f"{reason}: {n}" for reason, n in survey.exclusions.items() if n)
    print(
        f"saved wave {wave.name!r}{f' ({wave.date.isoformat()})' if wave.date else ''}: "
        f"{wave.respondents} respondents from {len(wave.files)} "
        f"file{'s' if len(wave.files) != 1 else ''} ({wave.rows_read} rows read, {excluded} "
        f"not scored{f': {reasons}' if reasons else ''}) in {store.where}"
    )
    return 0


def _waves(args: argparse.Namespace) -> int:
    store = Store()
    listed = store.waves()
    if args.format == "json":
        _print_json({"database": store.where, "waves": [w.to_dict() for w in listed]})
        return 0
    if not listed:
        print(f"no wave is saved yet in {store.where} (save one with the import command)")
        return 0
    print(f"{len(listed)} wave{'s' if len(listed) != 1 else ''} in {store.where}:")
    for w in listed:
        when = w.date.isoformat() if w.date else f"imported {w.imported_at:%Y-%m-%d}"
        print(f"  {w.name}  {when}  {w.respondents} respondents  {', '.join(w.files)}")
    return 0


def _delete_wave(args: argparse.Namespace) -> int:
    store = Store()
    wave = store.wave(args.name)
    if not args.yes:
        if not sys.stdin.isatty():
            raise CxMaturityError(
                f"deleting wave {wave.name!r} cannot be undone; add --yes to confirm"
            )
        answer = input(
            f"Delete wave {wave.name!r} ({wave.respondents} respondents)? This cannot be "
            "undone. [y/N] "
        )
        if answer.strip().casefold() not in ("y", "yes"):
            print("nothing deleted")
            return 0
    store.delete(wave.name)
    print(f"deleted wave {wave.name!r} ({wave.respondents} respondents)")
    return 0


def _rename_wave(args: argparse.Namespace) -> int:
    wave = Store().rename(args.old, args.new)
    print(f"renamed wave {args.old!r} to {wave.name!r}")
    return 0


def _trends(args: argparse.Namespace) -> int:
    store = Store()
    listed = store.waves()
    if not listed:
        raise CxMaturityError("no wave is saved yet; save survey rounds with the import command")
    found = trends([store.saved(w.name) for w in listed], min_group_size=args.min_group_size)
    measure = args.measure
    known = {OVERALL, *found.series["measure"]}
    if measure not in known:
        raise CxMaturityError(
            f"--measure {measure!r} is not one of overall, the pillars or the statement ids "
            f"({', '.join(sorted(known - {OVERALL}))})"
        )
    series = found.series[found.series["measure"] == measure]
    changes = found.changes[found.changes["measure"] == measure]
    if args.format == "json":
        document = found.to_dict()
        _print_json(document)
    elif args.format == "csv":
        _write_bytes(to_csv_bytes(changes.reset_index(drop=True)))
    else:
        print(_trends_text(found, series, changes, measure))
    return 0


def _trends_text(found, series, changes, measure: str) -> str:
    lines = [f"{measure} score by wave (organisation):"]
    organisation = series[series["group"] == ORGANISATION]
    for row in organisation.itertuples(index=False):
        lines.append(
            f"  {row.wave}: {whole(row.score)} (95 % CI {whole(row.ci_low)}–{whole(row.ci_high)}, "
            f"n {row.n})"
        )
    for wave in found.waves[1:]:
        rows = found.change_table(wave, measure)
        if rows.empty:
            continue
        lines.append(f"change since {found.previous(wave)}, in {wave}:")
        for row in rows.itertuples(index=False):
            mark = "  clear" if row.clear else ""
            partial = "" if row.all_statements else f" (on {row.statements} statements)"
            lines.append(
                f"  {row.group}: {whole(row.before)} → {whole(row.after)} "
                f"({row.change:+d}; 95 % CI {whole(row.ci_low):+d} to {whole(row.ci_high):+d}; "
                f"p adj {_p(row.p_adjusted)}){partial}{mark}"
            )
    for row in found.breaks.itertuples(index=False):
        lines.append(f"break: {row.statement} {row.__getattribute__('break')} in {row.wave}")
    return "\n".join(lines)


def _board_pack(args: argparse.Namespace) -> int:
    from cxmaturity.board import file_stems
    from cxmaturity.board.content import board_pack, division_brief
    from cxmaturity.board.deck import deck_bytes
    from cxmaturity.export.scores import scores_csv, scores_xlsx

    survey = _read(args)
    results = score(survey, min_group_size=args.min_group_size, filters=_filters(args))
    found = find_findings(survey, results)
    files = ", ".join(Path(f.source).name for f in survey.report.files)  # never a folder
    source, when, history = files, None, None
    if args.wave:
        store = Store()
        listed = store.waves()
        k = [w.name for w in listed].index(args.wave)
        source, when = listed[k].name, listed[k].when
        if k:
            history = _history(store, listed[: k + 1], args)
    template = _read_template(args.template)
    pack = board_pack(
        survey,
        results,
        found,
        source=source,
        organisation=args.organisation,
        when=when,
        trends=history,
    )
    outputs: dict[Path, bytes] = {
        Path(args.out): deck_bytes(pack, template=template, template_name=args.template or "")
    }
    if args.html:
        from cxmaturity.board.html import html_report

        outputs[Path(args.html)] = html_report(pack).encode("utf-8")
    if args.pdf:
        from cxmaturity.board.pdf import pdf_bytes

        outputs[Path(args.pdf)] = pdf_bytes(pack)
    if args.xlsx:
        outputs[Path(args.xlsx)] = scores_xlsx(results, history)
    if args.csv:
        outputs[Path(args.csv)] = scores_csv(results)
    if args.briefs:
        folder = Path(args.briefs)
        stems = file_stems(list(results.divisions))
        for name in results.divisions:
            brief = division_brief(
                survey, results, name, source=source, organisation=args.organisation, when=when
            )
            outputs[folder / f"{stems[name]}.pptx"] = deck_bytes(
                brief, template=template, template_name=args.template or ""
            )
    _write_all(outputs, make=Path(args.briefs) if args.briefs else None)
    for path in outputs:
        print(f"wrote {path}")
    return 0


def _history(store: Store, listed: list, args: argparse.Namespace):
    """Trends over saved waves up to the one chosen, or None when an earlier one is too small
    for the view."""
    try:
        return trends(
            [store.saved(w.name) for w in listed],
            min_group_size=args.min_group_size,
            filters=_filters(args),
        )
    except CxMaturityError:
        return None


def _read_template(path: str | None) -> bytes | None:
    if path is None:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CxMaturityError(f"cannot read the template {path}: {exc.strerror or exc}") from None


def _write_all(outputs: dict[Path, bytes], *, make: Path | None) -> None:
    """Every file or none: each is written beside its place first, then all are moved in.
    ``make``, the briefs' folder, must be new or empty: an earlier brief left beside the new
    ones (perhaps of a division this run no longer shows) could be sent by mistake."""
    if make is not None and make.is_dir() and any(make.iterdir()):
        raise CxMaturityError(
            f"{make} already holds files; give --briefs an empty or new folder, so that no "
            "earlier brief is taken for one of this pack"
        )
    created = make is not None and not make.exists()
    if make is not None:
        try:
            make.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CxMaturityError(f"cannot create {make}: {exc.strerror or exc}") from None
    written: list[Path] = []

    def undo() -> None:
        for partial in written:
            partial.unlink(missing_ok=True)
        if created:
            make.rmdir()

    try:
        for path, data in outputs.items():
            if not path.parent.is_dir():
                raise CxMaturityError(f"cannot write {path}: folder {path.parent} does not exist")
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(data)
            written.append(partial)
    except OSError as exc:
        undo()
        raise CxMaturityError(f"cannot write the board pack: {exc.strerror or exc}") from None
    except CxMaturityError:
        undo()
        raise
    for partial, path in zip(written, outputs, strict=True):
        partial.replace(path)


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _write_bytes(data: bytes) -> None:
    """Bytes to stdout (a CSV with its BOM), after anything already printed as text."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests capturing output)
        sys.stdout.write(data.decode("utf-8-sig"))
    else:
        buffer.write(data)
        buffer.flush()


def _print_json(document: dict) -> None:
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


def _sample(args: argparse.Namespace) -> int:
    frame = sample_survey(args.respondents, args.divisions, args.seed, scale=args.scale)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CxMaturityError(f"cannot write {out}: folder {out.parent} does not exist")
    partial = out.with_name(out.name + ".partial")
    try:
        partial.write_bytes(to_csv_bytes(frame))
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CxMaturityError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote {len(frame)} responses in {args.divisions} divisions to {out}", file=sys.stderr)
    return 0


def _filters(args: argparse.Namespace) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for column, value in args.filter:
        if column in chosen and chosen[column] != value:
            raise CxMaturityError(f"--filter gives two values for {column}; give one")
        chosen[column] = value
    return chosen


def _filter(text: str) -> tuple[str, str]:
    column, sep, value = text.partition("=")
    column = column.strip().casefold()
    if not sep or not value.strip() or column not in FILTERS:
        raise argparse.ArgumentTypeError(
            f"expected COLUMN=VALUE with COLUMN one of {', '.join(FILTERS)}, got {text!r}"
        )
    return column, value.strip()


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _scale(text: str) -> tuple[int, int]:
    try:
        return parse_range(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _delimiter(text: str) -> str:
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}
    value = named.get(text.lower(), text)
    if value not in (",", ";", "\t"):
        raise argparse.ArgumentTypeError(f"use ',', ';' or 'tab', not {text!r}")
    return value


def _one_line(message: str) -> str:
    return " ".join(message.split())
