#!/bin/sh
echo stopped >> "$HOME/stops.log"
