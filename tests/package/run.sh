#!/usr/bin/env bash
# Packs the library, then builds and runs a fresh console app (app/) against the package from a local feed: the
# README's snippets as a user would write them (extract, ConceptKMeans, save/load, CALIGN, analyze and its report).
# Usage (repository root): tests/package/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
dotnet pack src/MLNetConcepts -c Release -o "$work/feed" -v quiet -nologo > /dev/null
cp tests/package/app/* "$work/" && cp tests/package/Directory.*.props "$work/"
mkdir "$work/out"
cat > "$work/nuget.config" <<CONFIG
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
CONFIG
# A fresh package cache for MLNetConcepts only would need a download of everything; the machine's cache serves the
# dependencies, and the package under test is always the one just packed (its version is cleared from the cache).
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/mlnetconcepts/$version"
(cd "$work" && dotnet build -c Release -v quiet -nologo -p:MLNetConceptsVersion="$version" > "$work/build.log" 2>&1) \
  || { cat "$work/build.log"; exit 1; }
test -f "$work/bin/Release/net10.0/Fonts/DejaVuSans.ttf" || { echo "package smoke: the font did not reach the app's output"; exit 1; }
dotnet "$work/bin/Release/net10.0/PackageSmoke.dll" "$root" "$work/out"
