"""Command line of winclip-desktop: the GUI (default), scan, evaluate, calibrate and log export."""

from __future__ import annotations

import argparse
import logging
import sys

from winclip_desktop import __version__
from winclip_desktop.commands.common import (
    CommandError,
    add_model_arguments,
    add_postprocess_arguments,
    postprocess_settings,
)

logger = logging.getLogger("winclip_desktop")

COMMANDS = ("gui", "scan", "evaluate", "calibrate", "log")


def build_parser() -> argparse.ArgumentParser:
    from winclip_desktop.commands import calibrate, evaluate, scan

    parser = argparse.ArgumentParser(
        prog="winclip-desktop",
        description="WinCLIP zero-/few-shot anomaly detection: inspection station GUI and headless tools.",
    )
    parser.add_argument("--version", action="version", version=f"winclip-desktop {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the inspection window (the default command)")
    add_gui_arguments(gui)

    scan_parser = commands.add_parser("scan", help="inspect a folder of images and export the results")
    scan.add_arguments(scan_parser)
    add_model_arguments(scan_parser)
    add_postprocess_arguments(scan_parser)

    evaluate_parser = commands.add_parser("evaluate", help="measure image and pixel metrics on an MVTec AD category")
    evaluate.add_arguments(evaluate_parser)
    add_model_arguments(evaluate_parser)

    calibrate_parser = commands.add_parser("calibrate", help="choose thresholds on labelled images and write a recipe")
    calibrate.add_arguments(calibrate_parser)
    add_model_arguments(calibrate_parser)
    add_postprocess_arguments(calibrate_parser)

    log_parser = commands.add_parser("log", help="inspection log tools")
    log_commands = log_parser.add_subparsers(dest="log_command", metavar="LOG_COMMAND", required=True)
    export = log_commands.add_parser("export", help="export inspection log entries as CSV")
    export.add_argument("--since", help="earliest entry: a date, a date and time, or a span such as 24h or 7d")
    export.add_argument("--until", help="end of the export, in the same forms as --since; a date includes that whole day")
    export.add_argument("--out", required=True, help="CSV file to write")
    export.add_argument("--db", help="inspection log database (default: the station's log)")
    return parser


def add_gui_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--folder", help="folder of images to inspect on start")
    parser.add_argument("--class-name", help="name of the inspected object (e.g. bottle)")
    parser.add_argument("--reference", help="folder of normal reference images (few-shot WinCLIP+)")
    from winclip_desktop.sources.factory import SPEC_HELP

    parser.add_argument("--source", help=f"live source: {SPEC_HELP}")
    parser.add_argument("--recipe", help="TOML recipe to load on start")
    parser.add_argument("--language", choices=("zh_CN", "en"), help="interface language (default: the system's)")
    parser.add_argument("--screenshot", help="inspect, save a PNG screenshot of the window to this path and exit")
    add_model_arguments(parser)
    add_postprocess_arguments(parser)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version", "-v", "--verbose"):
        argv.insert(0, "gui")
    elif argv[0] in ("-v", "--verbose") and (len(argv) == 1 or argv[1] not in COMMANDS):
        argv.insert(1, "gui")
    args = build_parser().parse_args(argv)

    from winclip_desktop.app_logging import setup_logging, shutdown_logging

    setup_logging(level="DEBUG" if args.verbose else "INFO")
    logger.info("winclip-desktop %s: %s", __version__, args.command or "gui")
    try:
        return dispatch(args)
    except CommandError as error:
        logger.error("%s", error)
        return 2
    except (ValueError, RuntimeError, OSError) as error:
        # WeightsError, ImageReadError, RecipeError and the like carry a message written for the user.
        logger.error("%s", error)
        return 1
    finally:
        logger.info("winclip-desktop %s finished", args.command or "gui")
        shutdown_logging()


def dispatch(args) -> int:
    if args.command in (None, "gui"):
        from winclip_desktop.gui.app import run_gui

        postprocess_settings(args)  # rejects invalid threshold options before the window opens
        return run_gui(args)
    if args.command == "scan":
        from winclip_desktop.commands.scan import run
    elif args.command == "evaluate":
        from winclip_desktop.commands.evaluate import run
    elif args.command == "calibrate":
        from winclip_desktop.commands.calibrate import run
    else:
        from winclip_desktop.storage.log_export import run_log_export as run
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
