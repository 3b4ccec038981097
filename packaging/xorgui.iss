; Inno Setup script: a per-user or all-users installer for the one-folder bundle in dist\xorgui.
; packaging/build.py runs it on Windows with the values below; by hand, from the repository root:
;   iscc /DAppVersion=0.1.0 /DBundleDir=dist\xorgui /DIconFile=build\xorgui\icons\xorgui.ico ^
;        /DOutputDir=dist packaging\xorgui.iss

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\xorgui"
#endif
#ifndef IconFile
  #define IconFile "..\build\xorgui\icons\xorgui.ico"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif

[Setup]
; AppId identifies the application to Windows for upgrades and uninstall: never change it.
AppId={{6A2F1E57-2C1B-4C59-9D0E-5B7C1F0A9E31}
AppName=xorgui
AppVersion={#AppVersion}
AppPublisher=xorgui developers
AppComments=Back-propagation made visible and exact
DefaultDirName={autopf}\xorgui
DefaultGroupName=xorgui
DisableProgramGroupPage=yes
; Install for the current user without administrator rights unless the user asks for all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=xorgui-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\xorgui.exe
Compression=lzma2/ultra64
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\xorgui"; Filename: "{app}\xorgui.exe"
Name: "{autodesktop}\xorgui"; Filename: "{app}\xorgui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\xorgui.exe"; Description: "{cm:LaunchProgram,xorgui}"; Flags: nowait postinstall skipifsilent
