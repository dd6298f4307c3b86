; Inno Setup script of the Windows installer: per user, no administrator rights, a Start-menu entry, an
; uninstaller that keeps the user's data, and a silent mode for IT.
;   iscc /DAppVersion=0.2.0 packaging\reviewdesk.iss          -> dist\installer\ReviewDesk-0.2.0-setup.exe
;   ReviewDesk-0.2.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART     (IT: silent, per user)
; Inno Setup rather than WiX: one readable script, per-user installs without elevation by default
; (PrivilegesRequired=lowest), and a Chinese wizard; an MSI would add a WiX toolchain for no gain here.
; The user's data (the database, backups, settings) lives in %LOCALAPPDATA%\ReviewDesk, outside {app}: the
; uninstaller removes only what it installed.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6B1F3E52-7C0A-4C8E-9D3B-5A2E8F41C9D7}
AppName=ReviewDesk 评审台
AppVersion={#AppVersion}
AppVerName=ReviewDesk 评审台 {#AppVersion}
AppPublisher=ReviewDesk
DefaultDirName={localappdata}\Programs\ReviewDesk
DisableDirPage=auto
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=ReviewDesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\reviewdesk.ico
UninstallDisplayIcon={app}\ReviewDesk.exe
UninstallDisplayName=ReviewDesk 评审台
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\ReviewDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\ReviewDesk 评审台"; Filename: "{app}\ReviewDesk.exe"; AppUserModelID: "ReviewDesk.ReviewDesk"
Name: "{userdesktop}\ReviewDesk 评审台"; Filename: "{app}\ReviewDesk.exe"; AppUserModelID: "ReviewDesk.ReviewDesk"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Registry]
; "Open with ReviewDesk" on a returned workbook: the running window opens the import wizard with it.
Root: HKCU; Subkey: "Software\Classes\Applications\ReviewDesk.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "ReviewDesk 评审台"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\ReviewDesk.exe\shell\open\command"; ValueType: string; ValueData: """{app}\ReviewDesk.exe"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\ReviewDesk.exe\SupportedTypes"; ValueType: string; ValueName: ".xlsx"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\ReviewDesk.exe\SupportedTypes"; ValueType: string; ValueName: ".xlsm"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\ReviewDesk.exe\SupportedTypes"; ValueType: string; ValueName: ".xls"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\ReviewDesk.exe\SupportedTypes"; ValueType: string; ValueName: ".ods"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\.xlsx\OpenWithList\ReviewDesk.exe"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\.ods\OpenWithList\ReviewDesk.exe"; Flags: uninsdeletekey

[Run]
Filename: "{app}\ReviewDesk.exe"; Description: "{cm:LaunchProgram,ReviewDesk}"; Flags: nowait postinstall skipifsilent
