// Dense input section ids over the whole link: file f's section s is SectionMap.FileSectionBase[f] + s, so per-section
// facts (liveness, output section, merge input, ICF fold) are flat arrays indexed by it. Classify sections assigns
// them; every later phase takes a SectionId where it means that flat id, not a section header index within a file.
namespace Wild.Engine.Layout;

internal readonly record struct SectionId(int Value) : IComparable<SectionId>
{
    public static SectionId None => new(-1);
    public bool IsNone => Value < 0;

    public static explicit operator SectionId(int value) => new(value);
    public static implicit operator int(SectionId id) => id.Value;

    public int CompareTo(SectionId other) => Value.CompareTo(other.Value);

    public override string ToString() => $"section-{Value}";
}
