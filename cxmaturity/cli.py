"""The command line: ``python -m cxmaturity score|sample``.

Bad input ends with one line ``error: …`` on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cxmaturity.errors import CxMaturityError
from cxmaturity.framework import load_framework
from cxmaturity.sample import SCALES, sample_survey
from cxmaturity.scoring import DEFAULT_MIN_GROUP_SIZE, score
from cxmaturity.survey import read_survey

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage mistakes as one ``error:`` line, like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CxMaturityError(f"{message} (see python -m {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cxmaturity", description="Customer-work maturity by division.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("score", help="score survey files and print the results")
    run.add_argument("files", nargs="+", metavar="FILE", help="CSV, TSV or XLSX survey exports")
    run.add_argument(
        "--division-column",
        metavar="COL",
        help="column naming each respondent's division (default: detected; with "
        "several files and no such column, each file is a division)",
    )
    run.add_argument(
        "--framework",
        metavar="FILE",
        help="framework name or YAML/JSON/CSV file (default: bliss-11)",
    )
    run.add_argument(
        "--min-group-size",
        type=_positive,
        default=DEFAULT_MIN_GROUP_SIZE,
        metavar="N",
        help=f"divisions with fewer respondents show no scores (default {DEFAULT_MIN_GROUP_SIZE})",
    )
    run.add_argument(
        "--nps-column",
        metavar="COL",
        help="0–10 recommend question (default: detected by a header mentioning 'recommend')",
    )
    run.add_argument(
        "--scale-points",
        type=int,
        choices=(5, 7),
        metavar="{5,7}",
        help="points of numeric answers (default: inferred and reported)",
    )
    run.add_argument("--sheet", metavar="NAME", help="worksheet of an XLSX file (default: first)")
    run.add_argument("--format", choices=("json", "csv"), default="json")
    run.set_defaults(handler=_score)

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


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except CxMaturityError as exc:
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
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
        print(
            f"error: unexpected failure ({type(exc).__name__}: {_one_line(str(exc))}); "
            "please report it with the command and file; set CXMATURITY_DEBUG=1 for details",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _score(args: argparse.Namespace) -> int:
    framework = load_framework(args.framework)
    survey = read_survey(
        args.files,
        framework,
        division_column=args.division_column,
        nps_column=args.nps_column,
        scale_points=args.scale_points,
        sheet=args.sheet,
    )
    results = score(survey, min_group_size=args.min_group_size)
    if args.format == "csv":
        results.to_table().to_csv(sys.stdout, index=False)
    else:
        json.dump(results.to_dict(), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    return 0


def _sample(args: argparse.Namespace) -> int:
    frame = sample_survey(args.respondents, args.divisions, args.seed, scale=args.scale)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CxMaturityError(f"cannot write {out}: folder {out.parent} does not exist")
    partial = out.with_name(out.name + ".partial")
    try:
        frame.to_csv(partial, index=False, encoding="utf-8")
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CxMaturityError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote {len(frame)} responses in {args.divisions} divisions to {out}", file=sys.stderr)
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _one_line(message: str) -> str:
    return " ".join(message.split())
