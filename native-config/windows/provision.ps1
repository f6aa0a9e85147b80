#Requires -Version 5.1
#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Locks a Windows 10/11 Enterprise, Education or IoT Enterprise machine down as an appliance kiosk.

.DESCRIPTION
    Run from an elevated Windows PowerShell 5.1 prompt after installing the kiosk (the NSIS
    installer, per machine). Safe to run again; -WhatIf shows what it would change.
      1. Enables the Shell Launcher and Keyboard Filter features (a reboot, then run it again, the
         first time).
      2. Applies ShellLauncher.xml (Shell Launcher v2) through the Assigned Access CSP's WMI bridge,
         which only accepts calls from SYSTEM: the script runs that step as a one-off SYSTEM task.
         Windows then creates kioskUser0 and signs it in automatically with the kiosk app as its shell.
      3. Keyboard Filter: blocks the Windows key and the combinations that leave or lock an app
         (Ctrl+Alt+Del, Ctrl+Shift+Esc, Alt+Tab, Alt+F4, Win+L, ...) for every non-administrator.
      4. Power: the screen never turns off, the machine never sleeps or hibernates.
      5. Policies: no edge swipes, no lock screen, no consumer features; in the default user profile
         (which kioskUser0's profile is made from at its first sign-in), no notifications or
         screen saver.
    See native-config/README.md. This script has not been run by the project's CI (no Windows there).

.PARAMETER ShellLauncherXml
    The Shell Launcher configuration to apply (default: ShellLauncher.xml next to this script).

.PARAMETER AppPath
    The kiosk app; the script stops if it is not installed, since Shell Launcher would otherwise sign
    kioskUser0 in to a black screen. It must match the Shell path in ShellLauncher.xml.

.PARAMETER ApplyShellLauncherAsSystem
    Internal: the step the script runs as SYSTEM. Do not pass it yourself.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string]$ShellLauncherXml = (Join-Path $PSScriptRoot 'ShellLauncher.xml'),
    [string]$AppPath = (Join-Path $env:ProgramFiles 'Appliance Kiosk\Appliance Kiosk.exe'),
    [switch]$ApplyShellLauncherAsSystem,
    [string]$Log
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$KioskAccount = 'kioskUser0'
$StateDir = Join-Path $env:ProgramData 'appliance-kiosk'
$TaskName = 'appliance-kiosk-shell-launcher'

# Keyboard Filter predefined keys to block. Administrators are exempt (see WEKF_Settings below), so
# store IT can still use them after signing in with an administrator account.
$BlockedKeys = @(
    'Windows', 'Application',
    'Ctrl+Alt+Del', 'Shift+Ctrl+Esc', 'Ctrl+Esc',
    'Alt+Tab', 'Ctrl+Tab', 'Win+Tab', 'Alt+F4', 'Alt+Space',
    'Win+L', 'Win+D', 'Win+E', 'Win+R', 'Win+I', 'Win+M', 'Win+P', 'Win+U', 'Win+F1', 'Win+Break',
    'Win+Home', 'Win+Space', 'Win+Enter', 'Win+Esc', 'Win+-', 'Win++',
    'LShift+LAlt+NumLock', 'LShift+LAlt+PrintScrn',
    'BrowserSearch', 'BrowserFavorites', 'LaunchMail', 'LaunchMediaSelect', 'LaunchApp1', 'LaunchApp2'
)

function Write-Step([string]$Message) { Write-Host "provision: $Message" }

# The WMI bridge to the Assigned Access CSP only answers SYSTEM; this part runs in that context.
function Set-ShellLauncherAsSystem {
    if (-not $Log) { throw '-ApplyShellLauncherAsSystem needs -Log' }
    try {
        $xml = Get-Content -LiteralPath $ShellLauncherXml -Raw -Encoding UTF8
        $assignedAccess = Get-CimInstance -Namespace 'root\cimv2\mdm\dmmap' -ClassName 'MDM_AssignedAccess'
        # The bridge takes the XML as an escaped string, as an MDM server would send it.
        $assignedAccess.ShellLauncher = [System.Net.WebUtility]::HtmlEncode($xml)
        Set-CimInstance -CimInstance $assignedAccess
        Add-Content -LiteralPath $Log -Value 'Shell Launcher configuration applied'
        exit 0
    } catch {
        Add-Content -LiteralPath $Log -Value "Shell Launcher configuration failed: $_"
        exit 1
    }
}

if ($ApplyShellLauncherAsSystem) {
    Set-ShellLauncherAsSystem
}

function Enable-Feature([string]$Name) {
    $feature = Get-WindowsOptionalFeature -Online -FeatureName $Name -ErrorAction SilentlyContinue
    if ($null -eq $feature) {
        throw "Windows feature $Name is not available: Shell Launcher and Keyboard Filter need Windows 10/11 Enterprise, Education or IoT Enterprise"
    }
    if ($feature.State -eq 'Enabled') {
        Write-Step "feature $Name already enabled"
        return $false
    }
    if ($PSCmdlet.ShouldProcess($Name, 'Enable Windows feature')) {
        $result = Enable-WindowsOptionalFeature -Online -FeatureName $Name -All -NoRestart
        Write-Step "enabled feature $Name"
        return [bool]$result.RestartNeeded
    }
    return $false
}

function Invoke-ShellLauncherAsSystem {
    if (-not $PSCmdlet.ShouldProcess($ShellLauncherXml, 'Apply Shell Launcher configuration as SYSTEM')) { return }
    New-Item -ItemType Directory -Force -Path $StateDir | Out-Null
    $systemLog = Join-Path $StateDir 'shell-launcher.log'
    Remove-Item -LiteralPath $systemLog -ErrorAction SilentlyContinue
    $arguments = "-NoProfile -ExecutionPolicy Bypass -File `"$PSCommandPath`" -ApplyShellLauncherAsSystem " +
        "-ShellLauncherXml `"$ShellLauncherXml`" -Log `"$systemLog`""
    $action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $arguments
    Register-ScheduledTask -TaskName $TaskName -Action $action -User 'NT AUTHORITY\SYSTEM' -RunLevel Highest -Force | Out-Null
    try {
        Start-ScheduledTask -TaskName $TaskName
        # The task is still "Ready" for a moment after it was started; its log is written last.
        $deadline = (Get-Date).AddMinutes(2)
        do {
            Start-Sleep -Seconds 1
            $finished = (Test-Path -LiteralPath $systemLog) -and ((Get-ScheduledTask -TaskName $TaskName).State -ne 'Running')
        } until ($finished -or ((Get-Date) -gt $deadline))
        if (-not $finished) { throw "the SYSTEM task $TaskName did not finish within two minutes" }
        $result = (Get-ScheduledTaskInfo -TaskName $TaskName).LastTaskResult
    } finally {
        Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
    }
    if (Test-Path -LiteralPath $systemLog) { Get-Content -LiteralPath $systemLog | ForEach-Object { Write-Step $_ } }
    if ($result -ne 0) { throw "applying ShellLauncher.xml as SYSTEM failed (task result $result)" }
    if ($null -eq (Get-LocalUser -Name $KioskAccount -ErrorAction SilentlyContinue)) {
        throw "Shell Launcher did not create $KioskAccount; check ShellLauncher.xml and the Assigned Access event log"
    }
    Write-Step "Shell Launcher applied; $KioskAccount signs in with the kiosk app as its shell"
}

function Set-KeyboardFilter {
    $namespace = 'root\standardcimv2\embedded'
    # Only there once the feature is enabled and the machine restarted (or with -WhatIf before that).
    if ($null -eq (Get-CimClass -Namespace $namespace -ClassName 'WEKF_PredefinedKey' -ErrorAction SilentlyContinue)) {
        Write-Warning 'Keyboard Filter is not active yet: restart, then run this script again'
        return
    }
    foreach ($id in $BlockedKeys) {
        $key = Get-CimInstance -Namespace $namespace -ClassName 'WEKF_PredefinedKey' -Filter "Id='$id'"
        if ($null -eq $key) {
            Write-Warning "Keyboard Filter does not know the key '$id' on this Windows version; skipped"
        } elseif (-not $key.Enabled -and $PSCmdlet.ShouldProcess($id, 'Block key combination')) {
            $key.Enabled = $true
            Set-CimInstance -CimInstance $key
        }
    }
    # Administrators keep every key (store IT's way in); accessibility shortcuts such as five
    # Shift presses open dialogs that lead out of the kiosk, so they are forced off.
    $settings = @{ 'DisableKeyboardFilterForAdministrators' = 'true'; 'ForceOffAccessibility' = 'true' }
    foreach ($name in $settings.Keys) {
        $setting = Get-CimInstance -Namespace $namespace -ClassName 'WEKF_Settings' -Filter "Name='$name'"
        if ($null -ne $setting -and $setting.Value -ne $settings[$name] -and $PSCmdlet.ShouldProcess($name, 'Set Keyboard Filter setting')) {
            $setting.Value = $settings[$name]
            Set-CimInstance -CimInstance $setting
        }
    }
    Write-Step "Keyboard Filter blocks $($BlockedKeys.Count) key combinations for non-administrators"
}

function Set-PowerSettings {
    if (-not $PSCmdlet.ShouldProcess('active power scheme', 'Never turn the screen off, sleep or hibernate')) { return }
    foreach ($setting in 'monitor-timeout', 'standby-timeout', 'hibernate-timeout') {
        foreach ($source in 'ac', 'dc') {
            & powercfg.exe /change "$setting-$source" 0
            if ($LASTEXITCODE -ne 0) { throw "powercfg /change $setting-$source 0 failed" }
        }
    }
    & powercfg.exe /hibernate off
    if ($LASTEXITCODE -ne 0) { throw 'powercfg /hibernate off failed' }
    Write-Step 'power: screen always on, no sleep, no hibernation'
}

function Set-RegistryValue([string]$Path, [string]$Name, $Value, [string]$Type = 'DWord') {
    $current = Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction SilentlyContinue
    if ($null -ne $current -and $current.$Name -eq $Value) { return }
    if ($PSCmdlet.ShouldProcess("$Path\$Name", "Set to $Value")) {
        if (-not (Test-Path -LiteralPath $Path)) { New-Item -Path $Path -Force | Out-Null }
        New-ItemProperty -LiteralPath $Path -Name $Name -Value $Value -PropertyType $Type -Force | Out-Null
    }
}

function Set-MachinePolicies {
    # Swiping in from a screen edge opens Windows UI over the kiosk.
    Set-RegistryValue 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\EdgeUI' 'AllowEdgeSwipe' 0
    Set-RegistryValue 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\Personalization' 'NoLockScreen' 1
    Set-RegistryValue 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' 'InactivityTimeoutSecs' 0
    Set-RegistryValue 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\CloudContent' 'DisableWindowsConsumerFeatures' 1
    Set-RegistryValue 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\CloudContent' 'DisableSoftLanding' 1
    Set-RegistryValue 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\CurrentVersion\PushNotifications' 'NoCloudApplicationNotification' 1
    Write-Step 'machine policies: no edge swipes, no lock screen, no consumer features'
}

# Notification and screen saver policies are per user. kioskUser0's profile is copied from the
# default profile at its first sign-in, so they go there; a profile that already exists keeps its
# own settings (delete it and let Windows make it again).
function Set-DefaultUserPolicies {
    if (-not $PSCmdlet.ShouldProcess('default user profile', 'No notifications, no screen saver')) { return }
    $hive = 'HKU\ApplianceKioskDefaultUser'
    & reg.exe load $hive (Join-Path $env:SystemDrive 'Users\Default\NTUSER.DAT') | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'reg load of the default user profile failed' }
    try {
        $root = 'Registry::HKEY_USERS\ApplianceKioskDefaultUser'
        Set-RegistryValue "$root\Software\Policies\Microsoft\Windows\Explorer" 'DisableNotificationCenter' 1
        Set-RegistryValue "$root\Software\Policies\Microsoft\Windows\CurrentVersion\PushNotifications" 'NoToastApplicationNotification' 1
        Set-RegistryValue "$root\Software\Microsoft\Windows\CurrentVersion\PushNotifications" 'ToastEnabled' 0
        Set-RegistryValue "$root\Software\Policies\Microsoft\Windows\Control Panel\Desktop" 'ScreenSaveActive' '0' 'String'
    } finally {
        # Open handles to the hive make the unload fail.
        [GC]::Collect()
        [GC]::WaitForPendingFinalizers()
        & reg.exe unload $hive | Out-Null
    }
    if ($LASTEXITCODE -ne 0) { throw 'reg unload of the default user profile failed; reboot before running again' }
    Write-Step 'default user profile: no notifications, no screen saver'
}

if (-not (Test-Path -LiteralPath $AppPath)) {
    throw "The kiosk app is not installed at ${AppPath}: install it (per machine) first, or pass -AppPath and edit ShellLauncher.xml to match"
}
if (-not (Test-Path -LiteralPath $ShellLauncherXml)) { throw "$ShellLauncherXml not found" }

$restart = $false
foreach ($feature in 'Client-EmbeddedShellLauncher', 'Client-KeyboardFilter') {
    if (Enable-Feature $feature) { $restart = $true }
}
if ($restart) {
    Write-Step 'Windows features were enabled: restart the machine, then run this script again'
    exit 3010
}

Set-PowerSettings
Set-MachinePolicies
Set-DefaultUserPolicies
Set-KeyboardFilter
Invoke-ShellLauncherAsSystem
Write-Step 'done: restart the machine; it signs in to the kiosk by itself'
