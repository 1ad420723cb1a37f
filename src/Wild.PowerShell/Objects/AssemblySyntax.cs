// The instruction syntaxes Get-ElfDisassembly writes (Iced's formatters): Gas is AT&T, as objdump -d writes.
namespace Wild.PowerShell;

public enum AssemblySyntax { Gas, Intel, Masm, Nasm }
