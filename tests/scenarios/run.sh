#!/bin/sh
# Golden scenario tests: filled in with the scenario language.
echo "scenario tests: none yet"
