#! /bin/sh
# Generates the configure script.  Run once after cloning.
set -e
autoreconf --install --force
