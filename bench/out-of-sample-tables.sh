#!/usr/bin/env bash
# Writes the seven tables README's improve figures use beyond the built-in sets, as CSVs into the folder
# given (default /tmp/nnlab-tables), for bench/improve-vs-search.ts:
#   bash bench/out-of-sample-tables.sh /tmp/t && PYTHON=/usr/bin/python3 npx tsx bench/improve-vs-search.ts \
#     --splits 30 /tmp/t/pima.csv:type /tmp/t/crabs.csv:sp /tmp/t/fgl.csv:type /tmp/t/biopsy.csv:class \
#     /tmp/t/birthwt.csv:low /tmp/t/cars.csv:Origin /tmp/t/weather.csv:weather
# Needs Rscript with MASS (Debian: apt-get install r-cran-mass) and the vega_datasets wheel (a zip; its
# data files are read, nothing is installed): VEGA_WHEEL, default /opt/pypi/files/vega_datasets-0.9.0-py3-none-any.whl.
set -euo pipefail
out="${1:-/tmp/nnlab-tables}"
wheel="${VEGA_WHEEL:-/opt/pypi/files/vega_datasets-0.9.0-py3-none-any.whl}"
mkdir -p "$out"
# MASS: Pima.tr and Pima.te together (532 rows), crabs' species from 5 measurements, fgl's glass type,
# biopsy's class (rows with a missing cell dropped, the sample id left out), birthwt's low birth weight
Rscript -e '
library(MASS); out <- commandArgs(TRUE)[1]
w <- function(d, f) write.csv(d, file.path(out, f), row.names = FALSE, quote = FALSE)
w(rbind(Pima.tr, Pima.te), "pima.csv")
w(crabs[, c("FL", "RW", "CL", "CW", "BD", "sp")], "crabs.csv")
w(fgl, "fgl.csv")
w(na.omit(biopsy)[, -1], "biopsy.csv")
w(birthwt[, c("age", "lwt", "race", "smoke", "ptl", "ht", "ui", "ftv", "low")], "birthwt.csv")
' "$out"
# vega_datasets: the cars' origin from 6 measurements (rows with a missing one dropped: 392), Seattle's
# weather from precipitation, temperatures and wind
python3 - "$wheel" "$out" <<'PY'
import csv, io, json, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(wheel)
cols = ["Miles_per_Gallon", "Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration"]
with open(f"{out}/cars.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(cols + ["Origin"])
    for r in json.loads(z.read("vega_datasets/_data/cars.json")):
        if all(r[c] is not None for c in cols): w.writerow([r[c] for c in cols] + [r["Origin"]])
with open(f"{out}/weather.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["precipitation", "temp_max", "temp_min", "wind", "weather"])
    for r in csv.DictReader(io.StringIO(z.read("vega_datasets/_data/seattle-weather.csv").decode())):
        w.writerow([r["precipitation"], r["temp_max"], r["temp_min"], r["wind"], r["weather"]])
PY
ls "$out"
