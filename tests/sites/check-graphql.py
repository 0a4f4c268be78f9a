#!/usr/bin/env python3
# Checks GraphQL documents against a schema: every field, argument, enum
# value and variable must exist and fit. TAP output, one line per document.
#
#   check-graphql.py SCHEMA DOCUMENT…
#
# Copyright 2026 The Keika developers
# SPDX-License-Identifier: GPL-3.0-or-later

import sys

try:
    import graphql
except ImportError:
    sys.path.insert(0, '/usr/lib/python3/dist-packages')
    import graphql


def main(argv):
    if len(argv) < 3:
        print('usage: check-graphql.py SCHEMA DOCUMENT…', file=sys.stderr)
        return 2

    with open(argv[1], encoding='utf-8') as f:
        schema = graphql.build_ast_schema(graphql.parse(f.read()))

    documents = argv[2:]
    print('1..%d' % len(documents))
    failed = 0
    for number, path in enumerate(documents, start=1):
        with open(path, encoding='utf-8') as f:
            text = f.read()
        try:
            errors = graphql.validate(schema, graphql.parse(text))
        except graphql.GraphQLError as error:
            errors = [error]
        if errors:
            failed += 1
            print('not ok %d %s' % (number, path))
            for error in errors:
                print('# %s' % error.message)
        else:
            print('ok %d %s' % (number, path))

    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
