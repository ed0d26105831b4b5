#!/usr/bin/env bash
# Suite 01: the nanoFramework 1.17 compile gate (tools/nfgate, docs/compile-gate.md).
#  - builds the gate; checks that every API surface compiles;
#  - runs the probes of tests/gate/probes: each must be rejected with the diagnostic its "// expect" line
#    names (clean.cs must pass);
#  - checks that the nfproj sync check and the packages.config/Reference check bite (fixtures in a temp dir);
#  - checks that LiveKit.nfproj, NFUnitTest.nfproj and firmware/samples/*/*.nfproj list exactly the .cs files on disk;
#  - gates the real library (firmware/LiveKit/LiveKit.nfproj), the test sources (NFUnitTest.nfproj) and the
#    device samples (firmware/samples/*/*.nfproj; the host demo is a net10.0 app without one);
#  - checks that tools/device-build.sh stops with exit code 3 naming the missing toolchain;
#  - runs flash.ps1 under pwsh with a recording stand-in for nanoff (skipped when pwsh is unavailable).
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$top"

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

mkdir -p "$top/out/logs"
if ! dotnet_build tools/nfgate/nfgate.csproj; then
  echo "FAIL gate build"
  echo "0 passed, 1 failed"
  exit 1
fi
gate() { dotnet "$top/build/nfgate/bin/Release/net10.0/nfgate.dll" "$@"; }
pass

# 1. the surfaces compile
if out="$(gate surfaces 2>&1)"; then pass; else fail "surfaces: $out"; fi

# 2. probes: one process gates every probe; each probe's block starts with "@@ <file> rc=N"
probe_out="$(gate probes tests/gate/probes 2>&1)"
for probe in tests/gate/probes/*.cs; do
  expect="$(sed -n 's#^// expect ##p' "$probe" | head -n 1)"
  block="$(awk -v f="@@ $probe rc=" 'index($0, "@@ ") == 1 { on = (index($0, f) == 1) } on' <<<"$probe_out")"
  rc="$(head -n 1 <<<"$block" | sed -n 's/.* rc=\([0-9]*\)$/\1/p')"
  name="probe $(basename "$probe")"
  if [ -z "$expect" ]; then fail "$name: no '// expect' line"; continue; fi
  if [ -z "$rc" ]; then fail "$name: no gate output"; continue; fi
  if [ "$expect" = "clean" ]; then
    if [ "$rc" = "0" ]; then pass; else fail "$name: expected to pass the gate, got:"; tail -n +2 <<<"$block" | head -n 20; fi
    continue
  fi
  id="${expect%% *}"
  text="${expect#* }"
  if [ "$rc" != "1" ]; then fail "$name: expected rejection ($expect), gate rc=$rc"; continue; fi
  if grep -F "error $id:" <<<"$block" | grep -qF -- "$text"; then
    pass
  else
    fail "$name: expected 'error $id: ...$text...', got:"
    tail -n +2 <<<"$block" | head -n 10
  fi
done

# 3. the nfproj sync check bites, and sync repairs (fixture project in a temp dir)
fixture="$(mktemp -d)"
trap 'rm -rf "$fixture"' EXIT
mkdir -p "$fixture/Sub" "$fixture/bin/Debug" "$fixture/obj"
for f in A.cs B.cs Sub/C.cs bin/Debug/Gen.cs obj/Tmp.cs; do echo "namespace Fixture { }" >"$fixture/$f"; done
cat >"$fixture/Fixture.nfproj" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="Current" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <AssemblyName>Fixture</AssemblyName>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="A.cs" />
    <Compile Include="Gone.cs" />
  </ItemGroup>
  <ItemGroup>
    <Reference Include="mscorlib, Version=1.17.11.0, Culture=neutral, PublicKeyToken=c07d481e9758c731">
      <HintPath>..\packages\nanoFramework.CoreLibrary.1.17.11\lib\mscorlib.dll</HintPath>
    </Reference>
  </ItemGroup>
</Project>
XML
cat >"$fixture/packages.config" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<packages>
  <package id="nanoFramework.CoreLibrary" version="1.17.11" targetFramework="netnano1.0" />
  <package id="nanoFramework.System.Collections" version="1.5.67" targetFramework="netnano1.0" />
</packages>
XML
out="$(gate sync --check "$fixture/Fixture.nfproj" 2>&1)"; rc=$?
if [ $rc -ne 0 ] && grep -q 'NF0904: B.cs ' <<<"$out" && grep -q 'NF0904: Sub\\C.cs ' <<<"$out" \
   && grep -q 'NF0905: Gone.cs ' <<<"$out" && ! grep -qE 'Gen.cs|Tmp.cs' <<<"$out"; then
  pass
else
  fail "sync --check on a stale fixture: rc=$rc, output: $out"
fi
out="$(gate check "$fixture/Fixture.nfproj" 2>&1)"; rc=$?
if [ $rc -ne 0 ] && grep -q 'error NF0903: package nanoFramework.System.Collections 1.5.67' <<<"$out"; then
  pass
else
  fail "gate on a project whose packages.config and References disagree: rc=$rc, output: $out"
fi
gate sync "$fixture/Fixture.nfproj" >/dev/null 2>&1
listed="$(grep -o '<Compile Include="[^"]*"' "$fixture/Fixture.nfproj" | tr '\n' ' ')"
if gate sync --check "$fixture/Fixture.nfproj" >/dev/null 2>&1 \
   && [ "$listed" = '<Compile Include="A.cs" <Compile Include="B.cs" <Compile Include="Sub\C.cs" ' ]; then
  pass
else
  fail "sync did not repair the fixture: $listed"
fi

# 4. the real projects (the samples' .nfproj included) list exactly their .cs files
samples="$(ls firmware/samples/*/*.nfproj 2>/dev/null)"
for proj in firmware/LiveKit/LiveKit.nfproj tests/managed/NFUnitTest/NFUnitTest.nfproj $samples; do
  if out="$(gate sync --check "$proj" 2>&1)"; then
    pass
  else
    fail "$proj does not list exactly the .cs files on disk (run tools/nfproj-sync.sh):"
    echo "$out"
  fi
done

# 5. the real library, the test sources and the device samples pass the gate
for proj in firmware/LiveKit/LiveKit.nfproj tests/managed/NFUnitTest/NFUnitTest.nfproj $samples; do
  if out="$(gate check "$proj" 2>&1)"; then
    pass
  else
    fail "gate $proj:"
    echo "$out"
  fi
done

# 6. the device build stops with exit code 3 and names what is missing (IDF_PATH is never set here)
out="$(env -i HOME="$HOME" PATH=/usr/bin:/bin bash tools/device-build.sh --check 2>&1)"; rc=$?
if [ $rc -eq 3 ] && grep -q 'ESP-IDF: IDF_PATH' <<<"$out" && grep -q 'nf-interpreter' <<<"$out"; then
  pass
else
  fail "tools/device-build.sh without ESP-IDF: expected exit 3 naming IDF_PATH, got rc=$rc: $out"
fi

# 6b. the device build flow with a stand-in toolchain (fake msbuild/nuget/cmake... recording their arguments),
#     run on a copy of the files it reads, in a temp folder: restores, builds with stubs, copies the generated
#     declarations and the project's own interop module into nf-interpreter, configures nanoCLR for LiveKit with
#     the sources in place, adds the Kconfig lines, and refuses an oversized nanoCLR.bin.
dev="$fixture/device"
mkdir -p "$dev/bin" "$dev/nfps" "$dev/idf" "$dev/nfi/CMake/Modules" "$dev/repo/tools" "$dev/repo/firmware/LiveKit" \
  "$dev/repo/tests/managed/NFUnitTest" "$dev/repo/native-interop/nanoclr"
cp tools/device-build.sh "$dev/repo/tools/"
cp firmware/LiveKit/LiveKit.nfproj firmware/LiveKit/packages.config "$dev/repo/firmware/LiveKit/"
cp tests/managed/NFUnitTest/NFUnitTest.nfproj tests/managed/NFUnitTest/packages.config "$dev/repo/tests/managed/NFUnitTest/"
cp -r native-interop/src native-interop/include native-interop/port "$dev/repo/native-interop/"
cp -r native-interop/nanoclr/. "$dev/repo/native-interop/nanoclr/"
touch "$dev/nfps/NFProjectSystem.props" "$dev/nfps/NFProjectSystem.CSharp.targets" "$dev/nfps/nanoFramework.Tools.MetadataProcessor.MsBuildTask.dll"
echo '{}' >"$dev/nfi/CMakePresets.json"
cat >"$dev/bin/msbuild" <<'SH'
#!/usr/bin/env bash
echo "$*" >>"$FAKE_LOG/msbuild.log"
case "$*" in *-getProperty*) exit 0 ;; esac
proj="$1"; cfg="$(sed -n 's/.*-p:Configuration=\([^ ]*\).*/\1/p' <<<"$*")"
d="$(dirname "$proj")/bin/$cfg"; n="$(basename "$proj" .nfproj)"
mkdir -p "$d"; echo pe >"$d/$n.pe"; echo dll >"$d/$n.dll"
case "$*" in *NFMDP_GENERATE_STUBS=true*)
  mkdir -p "$d/Stubs"; echo h >"$d/Stubs/$n.h"; echo cpp >"$d/Stubs/$n.cpp"
  echo 'set(BASE_PATH_FOR_THIS_MODULE ${PROJECT_SOURCE_DIR}/InteropAssemblies/LiveKit)' >"$d/Stubs/FindINTEROP-$n.cmake" ;;
esac
SH
cat >"$dev/bin/nuget" <<'SH'
#!/usr/bin/env bash
echo "$*" >>"$FAKE_LOG/nuget.log"
SH
cat >"$dev/bin/cmake" <<'SH'
#!/usr/bin/env bash
echo "$*" >>"$FAKE_LOG/cmake.log"
if [ "$1" = "--build" ]; then mkdir -p build; head -c "$FAKE_CLR_SIZE" /dev/zero >build/nanoCLR.bin; fi
SH
printf '#!/usr/bin/env bash\nexit 0\n' >"$dev/bin/nanoff"; cp "$dev/bin/nanoff" "$dev/bin/idf.py"; cp "$dev/bin/nanoff" "$dev/bin/ninja"
chmod +x "$dev/bin/"*
devbuild() {
  env -i HOME="$HOME" PATH="$dev/bin:/usr/bin:/bin" FAKE_LOG="$dev" FAKE_CLR_SIZE="$1" IDF_PATH="$dev/idf" \
    NF_INTERPRETER="$dev/nfi" NANOFRAMEWORK_PROJECT_SYSTEM_PATH="$dev/nfps" bash "$dev/repo/tools/device-build.sh" 2>&1
}
out="$(devbuild 1200000)"; rc=$?
ok=1
[ $rc -eq 0 ] || ok=0
[ -f "$dev/repo/build/nanoCLR.bin" ] && [ -f "$dev/repo/build/device/LiveKit.pe" ] || ok=0
[ "$(grep -c '^restore .*packages.config -PackagesDirectory' "$dev/nuget.log" 2>/dev/null)" = 2 ] || ok=0
grep -q 'firmware/LiveKit/LiveKit.nfproj .*-p:Configuration=Release .*-p:NanoFrameworkProjectSystemPath=.*-p:NFMDP_GENERATE_STUBS=true' "$dev/msbuild.log" || ok=0
grep -q 'tests/managed/NFUnitTest/NFUnitTest.nfproj' "$dev/msbuild.log" || ok=0
grep -q -- "--preset ESP32_S3_OCTAL -DCMAKE_BUILD_TYPE=MinSizeRel -DNF_INTEROP_ASSEMBLIES=LiveKit -DLK_NATIVE_INTEROP_DIR=$dev/repo/native-interop" "$dev/cmake.log" || ok=0
[ -f "$dev/nfi/InteropAssemblies/LiveKit/LiveKit.h" ] && [ -f "$dev/nfi/InteropAssemblies/LiveKit/LiveKit.cpp" ] || ok=0
cmp -s native-interop/nanoclr/FindINTEROP-LiveKit.cmake "$dev/nfi/CMake/Modules/FindINTEROP-LiveKit.cmake" || ok=0
grep -q '^CONFIG_MBEDTLS_SSL_DTLS_SRTP=y' "$dev/nfi/config/user-kconfig.conf" 2>/dev/null || ok=0
if [ $ok -eq 1 ]; then pass; else fail "device-build.sh with a stand-in toolchain: rc=$rc: $out"; fi
out="$(devbuild 1800000)"; rc=$?
if [ $rc -ne 0 ] && grep -q 'larger than the 0x1A0000 app partition' <<<"$out"; then pass; else fail "device-build.sh with an oversized nanoCLR.bin: rc=$rc: $out"; fi

# 7. flash.ps1 (PowerShell): the nanoff command lines it runs, with a stand-in nanoff that records its
#    arguments, and its errors. Needs pwsh: from PATH, or the PowerShell dotnet tool installed once into
#    build/tools (NuGet); without it these tests are skipped.
skipped=0
pwsh_cmd="$(command -v pwsh || true)"
if [ -z "$pwsh_cmd" ] && [ -x "$top/build/tools/pwsh" ]; then pwsh_cmd="$top/build/tools/pwsh"; fi
if [ -z "$pwsh_cmd" ]; then
  timeout 300 dotnet tool install --tool-path "$top/build/tools" PowerShell >"$top/out/logs/pwsh-install.log" 2>&1 \
    && pwsh_cmd="$top/build/tools/pwsh"
fi
if [ -z "$pwsh_cmd" ]; then
  echo "SKIP flash.ps1 tests: no pwsh (see out/logs/pwsh-install.log)"
  skipped=4
else
  export DOTNET_ROLL_FORWARD=Major
  fl="$fixture/flash"
  mkdir -p "$fl/bin"
  printf '#!/usr/bin/env bash\necho "$*" >>"%s/nanoff.log"\n' "$fl" >"$fl/bin/nanoff"
  chmod +x "$fl/bin/nanoff"
  echo clr >"$fl/nanoCLR.bin"; echo app >"$fl/App.bin"
  pw() { PATH="$fl/bin:$PATH" "$pwsh_cmd" -NoProfile -NonInteractive -File flash.ps1 "$@" 2>&1; }
  rm -f "$fl/nanoff.log"
  out="$(pw -Target ESP32_S3_QUAD -SerialPort /dev/ttyTEST -ClrFile "$fl/nanoCLR.bin" -Image "$fl/App.bin")"; rc=$?
  want="--update --target ESP32_S3_QUAD --serialport /dev/ttyTEST --clrfile $fl/nanoCLR.bin
--deploy --target ESP32_S3_QUAD --serialport /dev/ttyTEST --image $fl/App.bin"
  if [ $rc -eq 0 ] && [ "$(cat "$fl/nanoff.log" 2>/dev/null)" = "$want" ]; then pass; else fail "flash.ps1 update+deploy: rc=$rc, nanoff got: $(cat "$fl/nanoff.log" 2>/dev/null) / $out"; fi
  rm -f "$fl/nanoff.log"
  out="$(pw -SerialPort COM7 -SkipFirmware -Image "$fl/App.bin")"; rc=$?
  if [ $rc -eq 0 ] && [ "$(cat "$fl/nanoff.log" 2>/dev/null)" = "--deploy --target ESP32_S3_OCTAL --serialport COM7 --image $fl/App.bin" ]; then pass; else fail "flash.ps1 -SkipFirmware: rc=$rc, nanoff got: $(cat "$fl/nanoff.log" 2>/dev/null) / $out"; fi
  rm -f "$fl/nanoff.log"
  out="$(pw -SerialPort COM7 -ClrFile "$fl/missing.bin" -Image "$fl/App.bin")"; rc=$?
  if [ $rc -ne 0 ] && grep -q "missing.bin' does not exist" <<<"$out" && [ ! -f "$fl/nanoff.log" ]; then pass; else fail "flash.ps1 with a missing nanoCLR image: rc=$rc: $out"; fi
  out="$(PATH=/usr/bin:/bin "$pwsh_cmd" -NoProfile -NonInteractive -File flash.ps1 -SerialPort COM7 -Image "$fl/App.bin" 2>&1)"; rc=$?
  if [ $rc -ne 0 ] && grep -q "nanoff was not found" <<<"$out"; then pass; else fail "flash.ps1 without nanoff: rc=$rc: $out"; fi
fi

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
