#!/usr/bin/env bash
# Device build (nf.proj's Device target): the nanoFramework assemblies and a nanoCLR image for the
# ESP32-S3 with the LiveKit native interop library. See docs/device-build.md.
#
#   tools/device-build.sh [--check] [--target ESP32_S3_OCTAL|ESP32_S3_QUAD] [--config Release|Debug]
#
# It first checks for every piece of the toolchain and stops with exit code 3, naming each missing piece,
# when one is absent (--check stops after this step, 0 when all are present):
#   - MSBuild with the nanoFramework project system: `msbuild` on PATH (Visual Studio's or mono's) and the
#     folder that holds NFProjectSystem.props / NFProjectSystem.CSharp.targets and the MetadataProcessor
#     MSBuild task (NANOFRAMEWORK_PROJECT_SYSTEM_PATH, or $MSBuildExtensionsPath/nanoFramework/v1.0 found
#     next to msbuild, or the VS Code extension's copy under ~/.vscode*/extensions);
#   - `nuget` (restores packages.config into packages/);
#   - `nanoff` (the flasher, used by flash.ps1);
#   - ESP-IDF: IDF_PATH set (export.sh sourced) and idf.py on PATH, cmake and ninja;
#   - a clone of nanoframework/nf-interpreter in NF_INTERPRETER (its CMakePresets.json, ESP32 targets);
#   - the native interop glue of this repository (native-interop/nanoclr/*.cpp).
# Then: restores the packages, builds LiveKit.nfproj with the interop stubs, the test project and every
# sample, copies the stubs and the native sources into nf-interpreter's InteropAssemblies/LiveKit, builds
# nanoCLR with -DNF_INTEROP_ASSEMBLIES=LiveKit and copies the images to build/.
set -uo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"

target="${DEVICE_TARGET:-ESP32_S3_OCTAL}"
config="Release"
check_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check_only=1 ;;
    --target) target="$2"; shift ;;
    --config) config="$2"; shift ;;
    *) echo "usage: tools/device-build.sh [--check] [--target ESP32_S3_OCTAL|ESP32_S3_QUAD] [--config Release|Debug]" >&2; exit 2 ;;
  esac
  shift
done
case "$target" in
  ESP32_S3_OCTAL|ESP32_S3_QUAD) ;;
  *) echo "device-build: unknown target '$target' (ESP32_S3_OCTAL or ESP32_S3_QUAD)" >&2; exit 2 ;;
esac

missing=()
need() { missing+=("$1"); }

# --- MSBuild and the nanoFramework project system -------------------------------------------------------
msbuild_cmd=""
if command -v msbuild >/dev/null 2>&1; then
  msbuild_cmd="msbuild"
else
  need "msbuild: MSBuild with the nanoFramework project system (Visual Studio 2022 + the .NET nanoFramework extension on Windows, or mono's msbuild + the VS Code nanoFramework extension on Linux/macOS)"
fi

nfps=""
candidates=()
[ -n "${NANOFRAMEWORK_PROJECT_SYSTEM_PATH:-}" ] && candidates+=("$NANOFRAMEWORK_PROJECT_SYSTEM_PATH")
if [ -n "$msbuild_cmd" ]; then
  ext="$($msbuild_cmd -nologo -getProperty:MSBuildExtensionsPath 2>/dev/null | tail -n 1 | tr -d '\r')"
  [ -n "$ext" ] && candidates+=("$ext/nanoFramework/v1.0")
fi
for d in "$HOME"/.vscode*/extensions/nanoframework.vscode-nanoframework-*/dist/utils/nanoFramework/v1.0 \
         /usr/lib/mono/xbuild/nanoFramework/v1.0 /usr/local/lib/mono/xbuild/nanoFramework/v1.0; do
  [ -d "$d" ] && candidates+=("$d")
done
for d in "${candidates[@]}"; do
  if [ -f "$d/NFProjectSystem.CSharp.targets" ] && [ -f "$d/NFProjectSystem.props" ]; then
    nfps="${d%/}/"
    break
  fi
done
if [ -z "$nfps" ]; then
  need "nanoFramework project system: a folder with NFProjectSystem.props and NFProjectSystem.CSharp.targets (set NANOFRAMEWORK_PROJECT_SYSTEM_PATH; it comes with the Visual Studio or VS Code nanoFramework extension)"
elif ! ls "$nfps" 2>/dev/null | grep -qi 'MetadataProcessor'; then
  need "MetadataProcessor: nanoFramework.Tools.MetadataProcessor.MsBuildTask is not in $nfps (reinstall the nanoFramework extension)"
fi

# --- packages.config restore, flasher ----------------------------------------------------------------------
if ! command -v nuget >/dev/null 2>&1; then
  need "nuget: the NuGet CLI, to restore packages.config (nuget.exe, with mono on Linux/macOS, behind a 'nuget' wrapper on PATH)"
fi
if ! command -v nanoff >/dev/null 2>&1; then
  need "nanoff: the nanoFramework flasher (dotnet tool install -g nanoff), used by flash.ps1"
fi

# --- ESP-IDF and nf-interpreter ------------------------------------------------------------------------------
if [ -z "${IDF_PATH:-}" ] || [ ! -d "${IDF_PATH:-/nonexistent}" ]; then
  need "ESP-IDF: IDF_PATH is not set to an ESP-IDF v5.5.x checkout (source \$IDF_PATH/export.sh; nf-interpreter's ESP32 dev container has it)"
fi
if ! command -v idf.py >/dev/null 2>&1; then
  need "idf.py: not on PATH (source \$IDF_PATH/export.sh)"
fi
command -v cmake >/dev/null 2>&1 || need "cmake"
command -v ninja >/dev/null 2>&1 || need "ninja"
if [ -z "${NF_INTERPRETER:-}" ] || [ ! -f "${NF_INTERPRETER:-/nonexistent}/CMakePresets.json" ]; then
  need "nf-interpreter: NF_INTERPRETER must point to a clone of nanoframework/nf-interpreter (with CMakePresets.json and config/user-*.json prepared from the TEMPLATE files)"
fi

# --- this repository's native interop glue --------------------------------------------------------------------
if ! ls native-interop/nanoclr/*.cpp >/dev/null 2>&1; then
  need "native-interop/nanoclr: the nanoCLR interop glue of the LiveKit native library is not written yet (no .cpp there)"
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "device-build: cannot build the nanoFramework assemblies and nanoCLR here; missing:"
  for m in "${missing[@]}"; do echo "  - $m"; done
  echo "See docs/device-build.md for the steps on a machine with the nanoFramework toolchain and ESP-IDF."
  exit 3
fi

echo "device-build: toolchain complete (project system: $nfps, target $target)"
[ "$check_only" -eq 1 ] && exit 0

set -e
out="$top/build/device"
mkdir -p "$out"

# 1. packages.config restore into packages/ (the HintPaths of the .nfproj files point there)
for cfg in firmware/LiveKit/packages.config tests/managed/NFUnitTest/packages.config firmware/samples/*/packages.config; do
  [ -f "$cfg" ] || continue
  echo "== nuget restore $cfg"
  nuget restore "$cfg" -PackagesDirectory "$top/packages" -NonInteractive
done

# 2. the library, with the interop stubs; the test project; the samples (Exe projects produce the .bin image)
msb() {
  echo "== msbuild $1"
  "$msbuild_cmd" "$1" -nologo -v:minimal -p:Configuration="$config" -p:NanoFrameworkProjectSystemPath="$nfps" "${@:2}"
}
msb firmware/LiveKit/LiveKit.nfproj -p:NFMDP_GENERATE_STUBS=true
msb tests/managed/NFUnitTest/NFUnitTest.nfproj
for p in firmware/samples/*/*.nfproj; do
  [ -f "$p" ] || continue
  msb "$p"
  d="$(dirname "$p")/bin/$config"
  cp -f "$d"/*.pe "$d"/*.bin "$out"/ 2>/dev/null || true
done
cp -f "firmware/LiveKit/bin/$config/LiveKit.pe" "firmware/LiveKit/bin/$config/LiveKit.dll" "$out"/

# 3. nanoCLR with the LiveKit interop assembly
stubs="firmware/LiveKit/bin/$config/Stubs"
if [ ! -f "$stubs/LiveKit.h" ]; then
  echo "device-build: the MetadataProcessor wrote no stubs to $stubs (does the library declare InternalCall methods and [assembly: AssemblyNativeVersion]?)" >&2
  exit 1
fi
interop="$NF_INTERPRETER/InteropAssemblies/LiveKit"
rm -rf "$interop"
mkdir -p "$interop"
# Only the generated declarations and method table (LiveKit.h, LiveKit.cpp) are compiled; the
# generated marshalling layer is not (native-interop/nanoclr defines the same methods on the stack
# frame). The module of native-interop/nanoclr replaces the generated one and compiles the glue,
# the core (native-interop/src) and the ESP-IDF port in place (native-interop/nanoclr/README.md).
cp -f "$stubs/LiveKit.h" "$stubs/LiveKit.cpp" "$interop"/
mkdir -p "$NF_INTERPRETER/CMake/Modules"
cp -f native-interop/nanoclr/FindINTEROP-LiveKit.cmake "$NF_INTERPRETER/CMake/Modules/FindINTEROP-LiveKit.cmake"
# DTLS-SRTP and the other mbedTLS options the core needs; the I2S driver is used natively
# (notes/nanoframework-interop.md)
kconf="$NF_INTERPRETER/config/user-kconfig.conf"
mkdir -p "$NF_INTERPRETER/config"
touch "$kconf"
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue;; esac
  grep -qxF "$line" "$kconf" || echo "$line" >>"$kconf"
done < native-interop/nanoclr/user-kconfig.livekit.conf
grep -q '^CONFIG_API_SYSTEM_DEVICE_I2S=n' "$kconf" || echo 'CONFIG_API_SYSTEM_DEVICE_I2S=n' >>"$kconf"

echo "== nanoCLR $target with NF_INTEROP_ASSEMBLIES=LiveKit"
(cd "$NF_INTERPRETER" && cmake --preset "$target" -DCMAKE_BUILD_TYPE=MinSizeRel -DNF_INTEROP_ASSEMBLIES="LiveKit" -DLK_NATIVE_INTEROP_DIR="$top/native-interop" && cmake --build build)
cp -f "$NF_INTERPRETER/build/nanoCLR.bin" "$top/build/nanoCLR.bin"
for f in "$NF_INTERPRETER"/build/bootloader/bootloader.bin "$NF_INTERPRETER"/build/partitions_*.bin; do
  [ -f "$f" ] && cp -f "$f" "$top/build/"
done
size="$(stat -c %s "$top/build/nanoCLR.bin")"
echo "device-build: build/nanoCLR.bin ($size bytes; the S3 app partition holds 1703936), assemblies in build/device/"
if [ "$size" -gt 1703936 ]; then
  echo "device-build: nanoCLR.bin is larger than the 0x1A0000 app partition" >&2
  exit 1
fi
