// The shape of one row of the option table (OptionTable.cs): how an option is spelled, whether it takes
// a value, and what becomes of it. Matching argv against the rows is ArgumentParser's job.
namespace Wild.Cli.CommandLine;

/// <summary>Whether an option takes a value, and where that value may be written.</summary>
internal enum Arity
{
    /// <summary>A switch: `--gc-sections`. A value joined with '=' is an error, as in GNU ld.</summary>
    None,
    /// <summary>`-o out`, `-oout`, `--output=out`, `--output out`.</summary>
    Required,
    /// <summary>Only a value joined with '=' is taken: `--build-id` or `--build-id=sha1`.</summary>
    Optional,
}

/// <summary>What Wild does with an option it recognises.</summary>
internal enum Outcome
{
    /// <summary>The value lands in LinkOptions (or steers the CLI itself).</summary>
    Implemented,
    /// <summary>Accepted and ignored; the help text says why that is safe.</summary>
    NoOp,
    /// <summary>Recognised but refused with `unsupported option: X`, because ignoring it would produce a wrong output.</summary>
    Unsupported,
}

/// <summary>One option of the ld command line.</summary>
/// <param name="Spellings">Every name, with its usual dashes: "-o", "--output", "-soname". A dash and one
/// character is a short option (value may be joined: -lfoo); anything longer is a long option, which GNU ld
/// (getopt_long_only) accepts with one or two dashes unless <see cref="TwoDashOnly"/>.</param>
/// <param name="Help">For implemented options what they do; for no-ops why ignoring them is safe; for
/// unsupported ones why they are refused.</param>
internal sealed record OptionSpec(string[] Spellings, Arity Arity, Outcome Outcome, string Help)
{
    public Action<LinkOptionsBuilder, string?>? Apply { get; init; }

    /// <summary>Name of the value in --help ("FILE", "N").</summary>
    public string? MetaVar { get; init; }

    /// <summary>Options that only exist with two dashes (gold/lld/mold additions such as --threads, and
    /// --time, whose one-dash form is GNU ld's grouped `-t -i -m e`).</summary>
    public bool TwoDashOnly { get; init; }

    /// <summary>For <see cref="Arity.Optional"/>: also take the next argument when it is a plain number
    /// (`--threads 4`, as lld and mold accept).</summary>
    public bool TakesSeparateNumber { get; init; }
}

/// <summary>One keyword of `-z keyword` / `-zkeyword`.</summary>
/// <param name="Name">The keyword; for keywords with a value, the part before '=' ("max-page-size").</param>
internal sealed record ZKeyword(string Name, bool TakesValue, Outcome Outcome, string Help)
{
    public Action<LinkOptionsBuilder, string?>? Apply { get; init; }
}
