// The mapped output as the writers see it: a base pointer and a 64-bit length, from which each writer takes a
// window (a Span) over just the bytes it fills, at a 64-bit file offset. A Span cannot pass 2 GiB, an output
// can (ELF64 allows any size), so no writer ever holds the whole image: windows are per input section, per
// linker-made section or per chunk of one, all far below 2 GiB. Taking a window is pointer arithmetic plus one
// bounds check, the same cost as slicing one big Span. Which bytes go where is the layout's business.
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Writing;

public readonly unsafe struct OutputImage
{
    private readonly byte* _pointer;

    /// <summary>An image over <paramref name="length"/> bytes at <paramref name="pointer"/>, which must stay mapped
    /// (or pinned) while the image is used.</summary>
    public OutputImage(byte* pointer, ulong length)
    {
        _pointer = pointer;
        Length = length;
    }

    public ulong Length { get; }

    /// <summary>Where the image starts: for the owner of native memory behind it, which frees it.</summary>
    internal byte* Pointer => _pointer;

    /// <summary>The window [offset, offset + length). Out of the image is an internal error: the layout sized it.</summary>
    public Span<byte> Slice(ulong offset, int length)
    {
        if (length < 0 || offset > Length || (ulong)length > Length - offset) ThrowOutside(offset, (ulong)(long)length);
        return new Span<byte>(_pointer + offset, length);
    }

    /// <summary>As <see cref="Slice(ulong, int)"/> for a 64-bit length, which must fit one window; a writer that
    /// may see a range of 2 GiB or more takes <see cref="Window"/> and slices that in parts.</summary>
    public Span<byte> Slice(ulong offset, ulong length)
    {
        if (length > int.MaxValue)
            throw new LinkException(ErrorId.LayoutMismatch,
                $"internal error: a window of {length} bytes at output offset 0x{offset:x} is 2 GiB or more; the writer must split it");
        return Slice(offset, (int)length);
    }

    /// <summary>The sub-image [offset, offset + length), of any size, for a writer that places parts in it.</summary>
    public OutputImage Window(ulong offset, ulong length)
    {
        if (offset > Length || length > Length - offset) ThrowOutside(offset, length);
        return new OutputImage(_pointer + offset, length);
    }

    private void ThrowOutside(ulong offset, ulong length) =>
        throw new LinkException(ErrorId.LayoutMismatch,
            $"internal error: a write of {length} bytes at output offset 0x{offset:x} is outside the {Length}-byte output");
}
