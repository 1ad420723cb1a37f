// An input that holds compiler IR for link-time optimisation, as input reading finds it: an LLVM bitcode file
// or archive member, an ELF object with GCC's .gnu.lto_ sections (slim, or fat with regular code too), or a
// fat one of clang's (bitcode in .llvm.lto beside the code).
// Input reading only records where its bytes are; whether the plugin claims it is LtoSession's business.
using Wild.Engine.Input;

namespace Wild.Engine.Lto;

/// <param name="FileId">The object's place in InputSet.Objects.</param>
/// <param name="File">The file holding the bytes: the object itself, a regular archive, or a thin archive's member.</param>
/// <param name="Offset">Where the object starts in <paramref name="File"/>.</param>
/// <param name="Size">The object's size.</param>
/// <param name="Name">How messages name it: path, or archive(member).</param>
/// <param name="IsBitcode">LLVM bitcode (no ELF to fall back to when no plugin claims it).</param>
internal readonly record struct IrInput(FileId FileId, MappedFile File, long Offset, long Size, string Name, Archive? Archive, bool IsBitcode);
