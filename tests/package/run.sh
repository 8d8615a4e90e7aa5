#!/usr/bin/env bash
# Packs the three packages (MLNetConcepts, MLNetConcepts.Analysis, the MLNetConcepts.Cli tool) into a local feed and
# uses them from it as a user would:
#   app/       references both libraries; compiles every C# block of README.md and docs/*.md (snippets.awk makes each
#              one a method; compiled, not run) and runs its own program, which follows them on the tiny model
#              (extract, ConceptKMeans, save/load, CALIGN, analyze and its report);
#   core-app/  references the core package only (with ONNX Runtime's CPU build): published for linux-x64, it must hold
#              no Analysis, drawing or HDF5 assembly, stay under 60 MB, and cluster the tiny BERT's words;
#   the tool   installed with dotnet tool install from the feed; mlnetconcepts --version must print the version.
# Usage (repository root): tests/package/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
for project in src/MLNetConcepts src/MLNetConcepts.Analysis src/MLNetConcepts.Cli; do
  dotnet pack "$project" -c Release -o "$work/feed" -v quiet -nologo > /dev/null
done
mkdir "$work/app" "$work/core-app" "$work/out"
cp tests/package/app/* "$work/app/" && cp tests/package/core-app/* "$work/core-app/" && cp tests/package/Directory.*.props "$work/"
# Every C# block of the documentation, named by its Markdown file and line in compiler errors. The count guards the
# extractor: a block it failed to see would otherwise go unchecked.
docs=(README.md docs/*.md)
awk -f tests/package/snippets.awk "${docs[@]}" > "$work/app/DocumentationSnippets.g.cs"
expected=$(cat "${docs[@]}" | grep -cE '^[[:space:]]*```(csharp|cs|c#)[[:space:]]*$' || true)
found=$(sed -n 's:^// \([0-9]*\) blocks in .*:\1:p' "$work/app/DocumentationSnippets.g.cs")
[ "$found" = "$expected" ] || { echo "package smoke: the extractor found $found C# blocks in the documentation, grep $expected"; exit 1; }
cat > "$work/nuget.config" <<CONFIG
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
CONFIG
# A fresh package cache for our packages only would need a download of everything; the machine's cache serves the
# dependencies, and the packages under test are always the ones just packed (their version is cleared from the cache).
for id in mlnetconcepts mlnetconcepts.analysis mlnetconcepts.cli; do
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/$id/$version"
done
# Prints the errors of a failed build (or its whole log when no line says error) and fails.
failed() { grep -E 'error' "$1" | sort -u || cat "$1"; exit 1; }

(cd "$work/app" && dotnet build -c Release -v quiet -nologo -p:MLNetConceptsVersion="$version" > "$work/build.log" 2>&1) \
  || failed "$work/build.log"
echo "package smoke: $found C# blocks of README.md and docs/ compiled against the packages"
test -f "$work/app/bin/Release/net10.0/Fonts/DejaVuSans.ttf" || { echo "package smoke: the font did not reach the app's output"; exit 1; }
dotnet "$work/app/bin/Release/net10.0/PackageSmoke.dll" "$root" "$work/out"

# The core alone: what an application that only extracts and clusters ships (framework-dependent, linux-x64).
publish=$work/core-app/publish
(cd "$work/core-app" && dotnet publish -r linux-x64 -c Release --self-contained false -o "$publish" -v quiet -nologo \
  -p:MLNetConceptsVersion="$version" > "$work/publish.log" 2>&1) || failed "$work/publish.log"
extra=$(cd "$publish" && ls | grep -E '^(MLNetConcepts\.Analysis|ScottPlot|SkiaSharp|HarfBuzzSharp|libSkiaSharp|libHarfBuzzSharp|PureHDF)' || true)
[ -z "$extra" ] || { echo "core-only app: the publish folder holds $(echo $extra) (the core package must not bring them)"; exit 1; }
bytes=$(du -sb "$publish" | cut -f1)
megabytes=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
largest=$(cd "$publish" && find . -type f -printf '%s %P\n' | sort -rn | head -3 | awk '{ printf "%s%s %.1f MB", (NR > 1 ? ", " : ""), $2, $1 / 1e6 }')
echo "core-only app: linux-x64 publish folder $megabytes MB (goal under 60 MB; largest: $largest)"
[ "$bytes" -lt 60000000 ] || { echo "core-only app: the publish folder is $megabytes MB, over the 60 MB goal"; exit 1; }
dotnet "$publish/CoreOnly.dll" "$root"

# The command line as a .NET tool, installed from the feed.
(cd "$work" && dotnet tool install --tool-path "$work/tool" --add-source "$work/feed" MLNetConcepts.Cli --version "$version" \
  > "$work/tool.log" 2>&1) || failed "$work/tool.log"
reported=$("$work/tool/mlnetconcepts" --version)
[ "${reported%%+*}" = "$version" ] || { echo "tool: mlnetconcepts --version printed '$reported', expected $version"; exit 1; }
echo "tool: dotnet tool install MLNetConcepts.Cli $version; mlnetconcepts --version prints $reported"
