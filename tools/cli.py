"""Command line behind ``./course`` for the instructor's commands (see ``./course help``)."""
import argparse
import sys

from tools import course


def main(argv=None):
    parser = argparse.ArgumentParser(prog="./course")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="execute source notebooks and regenerate release/")
    p.add_argument("assignment", nargs="?")
    p.add_argument("--release-only", action="store_true", help="regenerate releases without executing")
    p = sub.add_parser("collect", help="copy DIR/<student>/*.ipynb into submitted/")
    p.add_argument("assignment")
    p.add_argument("folder")
    p = sub.add_parser("autograde", help="grade the submissions of an assignment (in parallel, on Dask)")
    p.add_argument("assignment")
    p.add_argument("student", nargs="?", help="grade only this student (again, even if unchanged)")
    p.add_argument("--workers", type=int, help="worker processes (default: one per core), or batch jobs")
    p.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--jobqueue", metavar="SYSTEM",
                   help="a batch cluster through dask-jobqueue: slurm, pbs, sge, lsf, htcondor, oar, moab")
    p.add_argument("--force", action="store_true", help="grade again submissions already graded and unchanged")
    p = sub.add_parser("feedback", help="write HTML feedback under feedback/")
    p.add_argument("assignment")
    p = sub.add_parser("export", help="write all grades to a CSV file")
    p.add_argument("file", nargs="?", default="grades.csv")
    sub.add_parser("assignments", help="list assignments, graded functions and points")
    args = parser.parse_args(argv)

    try:
        if args.command == "build":
            course.build(args.assignment, execute=not args.release_only)
        elif args.command == "collect":
            course.collect(args.assignment, args.folder)
        elif args.command == "autograde":
            result = course.autograde(args.assignment, args.student, workers=args.workers,
                                      scheduler=args.scheduler, jobqueue=args.jobqueue, force=args.force,
                                      progress=sys.stderr.isatty())
            print(f"{len(result['graded'])} graded, {len(result['skipped'])} not graded, "
                  f"{len(result['unchanged'])} unchanged.")
            if result["interrupted"]:
                return 130
            return 1 if result["skipped"] else 0
        elif args.command == "feedback":
            course.feedback(args.assignment)
            print("Feedback written under feedback/.")
        elif args.command == "export":
            print(f"Grades written to {course.export(args.file)}.")
        elif args.command == "assignments":
            for name, info in course.points_table().items():
                functions = ", ".join(f"{f} ({p})" for f, p in info["functions"].items())
                print(f"{name}: {info['total']} points: {functions}")
    except course.CourseError as error:
        print(f"./course {args.command}: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
