<#
.SYNOPSIS
    Flashes an ESP32-S3 board with the LiveKit nanoCLR image and deploys the device app.

.DESCRIPTION
    Runs on Windows PowerShell 5.1 and PowerShell 7 (pwsh on Windows, Linux and macOS).
    Step 1 (skipped with -SkipFirmware): nanoff --update --target <Target> --serialport <SerialPort>
             --clrfile build/nanoCLR.bin   (replaces the nanoCLR application image only)
    Step 2: nanoff --deploy --target <Target> --serialport <SerialPort> --image <Image>
             (the deployment image of the app: the .bin that the nanoFramework build writes for an Exe project;
              tools/device-build.sh copies it to build/device/)
    Build both with tools/device-build.sh first (docs/device-build.md).
    Needs nanoff: dotnet tool install -g nanoff

.PARAMETER Target
    ESP32_S3_OCTAL (octal PSRAM, the default) or ESP32_S3_QUAD (quad PSRAM).

.PARAMETER SerialPort
    The board's serial port: COM5 on Windows, /dev/ttyACM0 or /dev/ttyUSB0 on Linux, /dev/cu.usbmodem* on macOS.

.PARAMETER SkipFirmware
    Deploy the app only; leave the nanoCLR on the board as it is.

.PARAMETER ClrFile
    The nanoCLR image to flash (default build/nanoCLR.bin).

.PARAMETER Image
    The app deployment image (default: the single .bin in build/device/).

.EXAMPLE
    ./flash.ps1 -SerialPort COM5
.EXAMPLE
    pwsh ./flash.ps1 -Target ESP32_S3_QUAD -SerialPort /dev/ttyACM0 -SkipFirmware
#>
[CmdletBinding()]
param(
    [ValidateSet('ESP32_S3_OCTAL', 'ESP32_S3_QUAD')]
    [string] $Target = 'ESP32_S3_OCTAL',

    [Parameter(Mandatory = $true)]
    [string] $SerialPort,

    [switch] $SkipFirmware,

    [string] $ClrFile,

    [string] $Image
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot

function Fail([string] $message) {
    Write-Host "flash.ps1: $message" -ForegroundColor Red
    exit 1
}

$nanoff = Get-Command nanoff -ErrorAction SilentlyContinue
if (-not $nanoff) {
    Fail "nanoff was not found on PATH. Install it with: dotnet tool install -g nanoff (and make sure ~/.dotnet/tools is on PATH)."
}

if (-not $ClrFile) {
    $ClrFile = Join-Path (Join-Path $root 'build') 'nanoCLR.bin'
}

if (-not $Image) {
    $deviceDir = Join-Path (Join-Path $root 'build') 'device'
    $candidates = @()
    if (Test-Path $deviceDir) {
        $candidates = @(Get-ChildItem -Path $deviceDir -Filter '*.bin' -File)
    }
    if ($candidates.Count -eq 1) {
        $Image = $candidates[0].FullName
    }
    elseif ($candidates.Count -gt 1) {
        Fail ("several app images in build/device ({0}): choose one with -Image." -f (($candidates | ForEach-Object { $_.Name }) -join ', '))
    }
    else {
        Fail "no app image in build/device: build it with tools/device-build.sh (docs/device-build.md) or pass -Image <app.bin>."
    }
}

if (-not $SkipFirmware -and -not (Test-Path $ClrFile -PathType Leaf)) {
    Fail "the nanoCLR image '$ClrFile' does not exist: build it with tools/device-build.sh, pass -ClrFile, or use -SkipFirmware."
}
if (-not (Test-Path $Image -PathType Leaf)) {
    Fail "the app image '$Image' does not exist."
}

function Invoke-Nanoff([string[]] $arguments) {
    Write-Host ("nanoff " + ($arguments -join ' '))
    & $nanoff.Source @arguments
    if ($LASTEXITCODE -ne 0) {
        Fail "nanoff failed (exit code $LASTEXITCODE)."
    }
}

if (-not $SkipFirmware) {
    Invoke-Nanoff @('--update', '--target', $Target, '--serialport', $SerialPort, '--clrfile', $ClrFile)
}

Invoke-Nanoff @('--deploy', '--target', $Target, '--serialport', $SerialPort, '--image', $Image)
Write-Host "flash.ps1: done ($Target on $SerialPort)."
