// Dense input file ids: the index of an input (object, archive member, shared object, linker script's object) in
// InputSet.Objects, in command-line order, fixed once inputs are open. Phases take a FileId where an API means a
// file, so a symbol or section index cannot be passed by mistake; it converts to int for indexing per-file arrays.
namespace Wild.Engine.Input;

public readonly record struct FileId(int Value) : IComparable<FileId>
{
    /// <summary>No file: a linker-defined symbol's, or a lookup that found nothing.</summary>
    public static FileId None => new(-1);
    public bool IsNone => Value < 0;

    public static explicit operator FileId(int value) => new(value);
    public static implicit operator int(FileId id) => id.Value;

    /// <summary>Ids 0 to <paramref name="count"/> - 1, for a loop over every input.</summary>
    public static FileIdRange All(int count) => new(count);

    /// <summary>Input order: sorting file ids puts them in command-line order.</summary>
    public int CompareTo(FileId other) => Value.CompareTo(other.Value);

    public override string ToString() => $"file-{Value}";
}

/// <summary>The ids 0 to Count - 1, enumerated without allocation.</summary>
public readonly struct FileIdRange(int count)
{
    public Enumerator GetEnumerator() => new(count);

    public struct Enumerator(int count)
    {
        private int _next = -1;
        public readonly FileId Current => new(_next);
        public bool MoveNext() => ++_next < count;
    }
}
