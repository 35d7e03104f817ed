#!/usr/bin/env python3
"""Validates JSON against one of tier's schemas (schema/*.schema.json).

    validate_json.py [--items | --lines] SCHEMA [FILE]

Reads FILE, or standard input: one JSON value, validated as a whole; with
--items, an array whose every element is validated; with --lines, one JSON
value per non-empty line (ndjson), each validated. References between the
schemas ("ticket.schema.json#/$defs/header") are resolved among the files
next to SCHEMA, never fetched. Draft 2020-12, with "format" asserted.

Prints each error and exits 1; exits 0 quietly when everything is valid;
exits 2 on a usage error or input that is not JSON.
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


def main(argv):
    mode = "whole"
    args = argv[1:]
    if args and args[0] in ("--items", "--lines"):
        mode = args.pop(0)[2:]
    if len(args) not in (1, 2):
        print("usage: validate_json.py [--items | --lines] SCHEMA [FILE]", file=sys.stderr)
        return 2
    validator = make_validator(pathlib.Path(args[0]))
    text = open(args[1], encoding="utf-8").read() if len(args) == 2 else sys.stdin.read()
    try:
        if mode == "lines":
            values = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            values = json.loads(text)
            if mode == "whole":
                values = [values]
            elif not isinstance(values, list):
                print("validate_json: the input is not an array", file=sys.stderr)
                return 1
    except json.JSONDecodeError as e:
        print("validate_json: not JSON: %s" % e, file=sys.stderr)
        return 2
    failed = False
    for i, value in enumerate(values):
        for error in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
            where = "".join("/" + str(p) for p in error.absolute_path)
            item = "" if mode == "whole" else "[%d]" % i
            print("validate_json: %s: %s" % (item + where or "/", error.message), file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
