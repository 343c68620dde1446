#!/bin/sh
# Runs $NNLAB_CHROMIUM (Debian's Chromium, see chromium.ts) with every --disable-features=... of its
# arguments merged into one, last: Chromium reads only the last one given, so the features that
# chromium.ts turns off would otherwise turn back on those that playwright-core turns off.
features=""
for arg; do
  shift
  case $arg in
    --disable-features=*) features="${features:+$features,}${arg#--disable-features=}" ;;
    *) set -- "$@" "$arg" ;;
  esac
done
exec "${NNLAB_CHROMIUM:?NNLAB_CHROMIUM: the Chromium to run}" "$@" ${features:+"--disable-features=$features"}
