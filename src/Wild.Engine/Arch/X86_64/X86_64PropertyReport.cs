// -z cet-report= and -z lam-*-report=: the inputs that lack an x86 feature property the output could have, named
// as GNU ld names them, as warnings or as one error that fails the link. A property that -z ibt, -z shstk or
// -z lam-u48/u57 forces is not reported. Merging the properties into the output's note is PropertyNote's job.
using Wild.Engine.Diagnostics;
using Wild.Engine.Layout;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Arch;

internal sealed partial class X86_64
{
    public override void CheckProperties(Resolution.SymbolResolution res, SectionMap map, DiagnosticBag diagnostics) =>
        ReportMissingProperties(res.Options, map.PropertyNotes, [.. map.PropertyNoteFiles.Select(f => res.Objects[f].DisplayName)], diagnostics);

    /// <summary>The report over each object's .note.gnu.property (<paramref name="files"/> names them, in the same
    /// order): a final link's, and -r's, which GNU ld reports the same way.</summary>
    public static void ReportMissingProperties(LinkOptions options, IReadOnlyList<byte[]> notes, IReadOnlyList<string> files, DiagnosticBag diagnostics)
    {
        var z = options.Z;
        if (z.CetReport == PropertyReport.None && z.LamU48Report == PropertyReport.None && z.LamU57Report == PropertyReport.None)
            return;
        List<LinkException>? errors = null;
        for (int i = 0; i < notes.Count; i++)
        {
            uint features = PropertyNote.Value(notes[i], GNU_PROPERTY_X86_FEATURE_1_AND);
            string file = files[i];
            bool ibt = !z.Ibt && (features & GNU_PROPERTY_X86_FEATURE_1_IBT) == 0;
            bool shstk = !z.Shstk && (features & GNU_PROPERTY_X86_FEATURE_1_SHSTK) == 0;
            if (ibt || shstk)
                Report(z.CetReport, file, ibt && shstk ? "IBT and SHSTK properties" : ibt ? "IBT property" : "SHSTK property");
            if (!z.LamU48 && (features & GNU_PROPERTY_X86_FEATURE_1_LAM_U48) == 0)
                Report(z.LamU48Report, file, "LAM_U48 property");
            if (!z.LamU48 && !z.LamU57 && (features & GNU_PROPERTY_X86_FEATURE_1_LAM_U57) == 0)
                Report(z.LamU57Report, file, "LAM_U57 property");
        }
        if (errors is not null)
            throw new LinkException(errors[0].Id, errors[0].Message, errors[0].File) { Siblings = errors[1..] };

        void Report(PropertyReport how, string file, string what)
        {
            if (how == PropertyReport.Warning) diagnostics.Warn($"{file}: missing {what}");
            else if (how == PropertyReport.Error)
                (errors ??= []).Add(new LinkException(ErrorId.UnsupportedInput, $"{file}: missing {what}", file));
        }
    }
}
