#!/usr/bin/env bash
# Packs the library, then builds and runs a fresh console app (app/) against the package from a local feed, as a user
# would: the app compiles every C# block of README.md and docs/*.md (snippets.awk makes each one a method; compiled,
# not run) and runs its own program, which follows them on the tiny model (extract, ConceptKMeans, save/load, CALIGN,
# analyze and its report).
# Usage (repository root): tests/package/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
dotnet pack src/MLNetConcepts -c Release -o "$work/feed" -v quiet -nologo > /dev/null
cp tests/package/app/* "$work/" && cp tests/package/Directory.*.props "$work/"
# Every C# block of the documentation, named by its Markdown file and line in compiler errors. The count guards the
# extractor: a block it failed to see would otherwise go unchecked.
docs=(README.md docs/*.md)
awk -f tests/package/snippets.awk "${docs[@]}" > "$work/DocumentationSnippets.g.cs"
expected=$(cat "${docs[@]}" | grep -cE '^[[:space:]]*```(csharp|cs|c#)[[:space:]]*$' || true)
found=$(sed -n 's:^// \([0-9]*\) blocks in .*:\1:p' "$work/DocumentationSnippets.g.cs")
[ "$found" = "$expected" ] || { echo "package smoke: the extractor found $found C# blocks in the documentation, grep $expected"; exit 1; }
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
  || { grep -E 'error' "$work/build.log" | sort -u || cat "$work/build.log"; exit 1; }
echo "package smoke: $found C# blocks of README.md and docs/ compiled against the package"
test -f "$work/bin/Release/net10.0/Fonts/DejaVuSans.ttf" || { echo "package smoke: the font did not reach the app's output"; exit 1; }
dotnet "$work/bin/Release/net10.0/PackageSmoke.dll" "$root" "$work/out"
