namespace Wild.PowerShell;
internal static class Placeholder { }
