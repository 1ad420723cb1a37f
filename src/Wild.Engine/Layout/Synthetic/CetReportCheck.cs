// -z cet-report=warning|error (x86-64): names each relocatable object, in input order, whose .note.gnu.property lacks
// the IBT or SHSTK feature bit (an object with code but no note lacks both), in GNU ld's words; as errors, the link
// fails after all are listed; a bit -z ibt / -z shstk forces is not reported. Shared objects are not checked (GNU ld
// does not either). The merge itself is PropertyNote's.
using Wild.Engine.Diagnostics;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Layout;

internal static class CetReportCheck
{
    /// <param name="files">The display name of each object in <paramref name="notes"/>, in the same order.</param>
    public static void Report(LinkOptions options, IReadOnlyList<byte[]> notes, IReadOnlyList<string> files, DiagnosticBag diagnostics)
    {
        if (options.Z.CetReport == CetReport.None) return;
        var errors = new List<LinkException>();
        for (int i = 0; i < notes.Count; i++)
        {
            uint features = PropertyNote.Value(notes[i], GNU_PROPERTY_X86_FEATURE_1_AND);
            // A bit -z ibt / -z shstk forces is not reported missing (GNU ld -r with both reports nothing).
            bool ibt = options.Z.Ibt || (features & GNU_PROPERTY_X86_FEATURE_1_IBT) != 0;
            bool shstk = options.Z.Shstk || (features & GNU_PROPERTY_X86_FEATURE_1_SHSTK) != 0;
            if (ibt && shstk) continue;
            string missing = !ibt && !shstk ? "IBT and SHSTK properties" : !ibt ? "IBT property" : "SHSTK property";
            string message = $"{files[i]}: missing {missing} (-z cet-report={(options.Z.CetReport == CetReport.Error ? "error" : "warning")})";
            if (options.Z.CetReport == CetReport.Error) errors.Add(new LinkException(ErrorId.UnsupportedInput, message, files[i]));
            else diagnostics.Warn(message);
        }
        if (errors.Count > 0)
            throw new LinkException(errors[0].Id, errors[0].Message, errors[0].File) { Siblings = errors.Skip(1).ToArray() };
    }
}
