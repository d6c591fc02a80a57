#!/usr/bin/env bash
# The seed README's entry point: `./run.sh` at the repository root deploys as scripts/run.sh does (see its --help).
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/scripts/run.sh" "$@"
