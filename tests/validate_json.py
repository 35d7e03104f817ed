#!/usr/bin/env python3
"""Validates JSON against one of tier's schemas (schema/*.schema.json).

    validate_json.py [--items | --lines] SCHEMA [FILE]
    validate_json.py --serve

Reads FILE, or standard input: one JSON value, validated as a whole; with
--items, an array whose every element is validated; with --lines, one JSON
value per non-empty line (ndjson), each validated. References between the
schemas ("ticket.schema.json#/$defs/header") are resolved among the files
next to SCHEMA, never fetched. Draft 2020-12, with "format" asserted.

Prints each error and exits 1; exits 0 quietly when everything is valid;
exits 2 on a usage error or input that is not JSON.

With --serve, one interpreter answers every validation of a test file
(tests/cli/driver.cpp): each line of standard input is a request, a JSON
object {"schema": SCHEMA, "mode": "whole" | "items" | "lines", "text": ...}
(or {"check": [SCHEMA...]}: each is a valid draft 2020-12 schema), and each
answer is one line {"status": N, "stdout": ..., "stderr": ...}, the exit
status and the output the command above would have given.
"""

import json
import pathlib
import sys

import jsonschema


def load_schemas(schema_path):
    """Every schema of SCHEMA's directory, by file URI."""
    found = {}
    for p in sorted(schema_path.resolve().parent.glob("*.json")):
        with open(p, encoding="utf-8") as f:
            found[p.as_uri()] = json.load(f)
    return found


def make_validator(schema_path):
    schemas = load_schemas(schema_path)
    uri = schema_path.resolve().as_uri()
    schema = schemas[uri]
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    checker = cls.FORMAT_CHECKER
    try:
        # jsonschema 4.18 and later: a registry of the files, nothing fetched.
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        registry = Registry().with_resources(
            (u, Resource.from_contents(s, default_specification=DRAFT202012)) for u, s in schemas.items()
        )
        return cls({"$id": uri, **schema}, registry=registry, format_checker=checker)
    except ImportError:
        # Debian bookworm's 4.10: the older resolver, with the files as its store.
        resolver = jsonschema.RefResolver(base_uri=uri, referrer=schema, store=schemas)
        return cls(schema, resolver=resolver, format_checker=checker)


def validate(schema_path, mode, text, validators=None):
    """What the command gives for TEXT: (exit status, lines for stderr)."""
    key = str(schema_path)
    if validators is not None and key in validators:
        validator = validators[key]
    else:
        validator = make_validator(pathlib.Path(schema_path))
        if validators is not None:
            validators[key] = validator
    try:
        if mode == "lines":
            values = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            values = json.loads(text)
            if mode == "whole":
                values = [values]
            elif not isinstance(values, list):
                return 1, ["validate_json: the input is not an array"]
    except json.JSONDecodeError as e:
        return 2, ["validate_json: not JSON: %s" % e]
    errors = []
    for i, value in enumerate(values):
        for error in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
            where = "".join("/" + str(p) for p in error.absolute_path)
            item = "" if mode == "whole" else "[%d]" % i
            errors.append("validate_json: %s: %s" % (item + where or "/", error.message))
    return (1 if errors else 0), errors


def serve():
    validators = {}
    for line in sys.stdin:
        request = json.loads(line)
        if "check" in request:
            for path in request["check"]:
                with open(path, encoding="utf-8") as f:
                    jsonschema.Draft202012Validator.check_schema(json.load(f))
            answer = {"status": 0, "stdout": "%d\n" % len(request["check"]), "stderr": ""}
        else:
            status, errors = validate(request["schema"], request["mode"], request["text"], validators)
            answer = {"status": status, "stdout": "", "stderr": "".join(e + "\n" for e in errors)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


def main(argv):
    mode = "whole"
    args = argv[1:]
    if args == ["--serve"]:
        return serve()
    if args and args[0] in ("--items", "--lines"):
        mode = args.pop(0)[2:]
    if len(args) not in (1, 2):
        print("usage: validate_json.py [--items | --lines] SCHEMA [FILE]", file=sys.stderr)
        print("       validate_json.py --serve", file=sys.stderr)
        return 2
    text = open(args[1], encoding="utf-8").read() if len(args) == 2 else sys.stdin.read()
    status, errors = validate(args[0], mode, text)
    for e in errors:
        print(e, file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
