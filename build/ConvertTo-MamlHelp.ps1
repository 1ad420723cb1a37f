<#
.SYNOPSIS
Builds the module's help from docs/: cmdlet pages to MAML (<assembly>-Help.xml), about_*.md to about_*.help.txt.

.DESCRIPTION
Binary cmdlets get their help from a MAML file next to the module (en-US/Wild.PowerShell.dll-Help.xml); Get-Help
reads about topics from en-US/about_*.help.txt. The sources are markdown pages in PlatyPS's schema 2.0.0 (the
one PlatyPS 0.14 writes): a cmdlet page has YAML front matter with `schema: 2.0.0` and `external help file:`,
then `# Name`, `## SYNOPSIS`, `## SYNTAX`, `## DESCRIPTION`, `## EXAMPLES`, `## PARAMETERS` (a ```yaml block
per parameter), `## INPUTS`, `## OUTPUTS`, `## NOTES` and `## RELATED LINKS`. An about page is `about_*.md`.
Other markdown files (design notes) are ignored.

With -Engine Auto (the default) the PlatyPS module's New-ExternalHelp is used when `Get-Module -ListAvailable
platyPS` finds it, and this script's own converter otherwise, so a fresh clone builds its help without any
module. -AsObject parses the pages and returns them instead of writing anything; the help tests use it to
compare the pages with the cmdlets' real parameter metadata and to run every example.

The converter's rules, where the schema leaves room:
- Parameter sets are the `###` headings under SYNTAX (`Name (Default)` marks the default); a SYNTAX with one
  code block and no heading is the single set `__AllParameterSets`. A parameter belongs to the sets its yaml
  `Parameter Sets:` names, `(All)` meaning every set. Each syntax item lists its parameters in the order they
  appear in that set's syntax block.
- Text is split into paragraphs at blank lines; lines of a paragraph are joined, except list items, tables
  and code blocks, which keep their lines. Links `[text](target)` become their text; `**bold**` loses its
  stars; `code` keeps its backticks.

.PARAMETER DocsPath
The folder of markdown pages (default: docs/ of this repository). Only its top level is read.

.PARAMETER OutputPath
The culture folder to write into, e.g. dist/Wild/en-US. Created if missing.

.PARAMETER Engine
Auto (PlatyPS if installed, else the built-in converter), PlatyPS, or Builtin.

.PARAMETER AsObject
Return the parsed pages (one object per cmdlet or about page) and write nothing.

.EXAMPLE
./build/ConvertTo-MamlHelp.ps1 -OutputPath ./dist/Wild/en-US

Writes dist/Wild/en-US/Wild.PowerShell.dll-Help.xml and about_Wild.help.txt from docs/.

.EXAMPLE
./build/ConvertTo-MamlHelp.ps1 -AsObject | Where-Object Kind -eq Command | ForEach-Object Name

Lists the cmdlets that have a help page.
#>
#Requires -Version 7.4

[CmdletBinding(DefaultParameterSetName = 'Write')]
param(
    [string] $DocsPath = (Join-Path (Split-Path -Parent $PSScriptRoot) 'docs'),

    [Parameter(Mandatory, ParameterSetName = 'Write')]
    [string] $OutputPath,

    [Parameter(ParameterSetName = 'Write')]
    [ValidateSet('Auto', 'PlatyPS', 'Builtin')]
    [string] $Engine = 'Auto',

    [Parameter(Mandatory, ParameterSetName = 'Parse')]
    [switch] $AsObject
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'
$AllSets = '__AllParameterSets'

#region Markdown parsing

function Split-FrontMatter {
    <# Returns @{ Meta = ordered key/value pairs of the leading YAML block (if any); Lines = the rest }. #>
    param([string[]] $Lines)
    $meta = [ordered]@{}
    if ($Lines.Count -gt 0 -and $Lines[0].Trim() -eq '---') {
        for ($i = 1; $i -lt $Lines.Count; $i++) {
            if ($Lines[$i].Trim() -eq '---') {
                return @{ Meta = $meta; Lines = @($Lines | Select-Object -Skip ($i + 1)) }
            }
            if ($Lines[$i] -match '^\s*([^:]+?)\s*:\s*(.*?)\s*$') { $meta[$Matches[1]] = $Matches[2] }
        }
        throw 'The front matter opened with --- is never closed.'
    }
    return @{ Meta = $meta; Lines = $Lines }
}

function Split-Heading {
    <#
    Splits lines into blocks at headings of exactly -Level hashes (outside code fences). Returns the text
    before the first heading as a block with Title $null, then one block per heading: @{ Title; Lines }.
    #>
    param([string[]] $Lines, [int] $Level)
    $prefix = ('#' * $Level) + ' '
    $blocks = [System.Collections.Generic.List[object]]::new()
    $current = @{ Title = $null; Lines = [System.Collections.Generic.List[string]]::new() }
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($prefix)) {
            $blocks.Add($current)
            $current = @{ Title = $line.Substring($prefix.Length).Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            continue
        }
        $current.Lines.Add($line)
    }
    $blocks.Add($current)
    return $blocks
}

function Get-MarkdownPart {
    <#
    Splits markdown lines into parts in order: @{ Kind = 'Text'; Lines } for prose and
    @{ Kind = 'Code'; Language; Text } for each fenced block.
    #>
    param([string[]] $Lines)
    $parts = [System.Collections.Generic.List[object]]::new()
    $text = [System.Collections.Generic.List[string]]::new()
    $code = $null
    $language = ''
    foreach ($line in $Lines) {
        if ($null -ne $code) {
            if ($line -match '^\s*```\s*$') {
                $parts.Add(@{ Kind = 'Code'; Language = $language; Text = ($code -join "`n") })
                $code = $null
            }
            else { $code.Add($line) }
            continue
        }
        if ($line -match '^\s*```\s*([\w+-]*)') {
            if ($text.Count) { $parts.Add(@{ Kind = 'Text'; Lines = $text.ToArray() }); $text.Clear() }
            $language = $Matches[1].ToLowerInvariant()
            $code = [System.Collections.Generic.List[string]]::new()
            continue
        }
        $text.Add($line)
    }
    if ($null -ne $code) { throw "A code block (``````$language) is never closed." }
    if ($text.Count) { $parts.Add(@{ Kind = 'Text'; Lines = $text.ToArray() }) }
    return $parts
}

function ConvertFrom-InlineMarkdown {
    <# Plain text for help: links become their text, bold loses its stars, code keeps its backticks. #>
    param([string] $Text)
    # Code spans are left exactly as written (`*.o` is not emphasis).
    $pieces = foreach ($piece in [regex]::Split($Text, '(`[^`]*`)')) {
        if ($piece.StartsWith('`')) { $piece; continue }
        $piece = [regex]::Replace($piece, '!?\[([^\]]*)\]\([^)]*\)', '$1')
        $piece = [regex]::Replace($piece, '\*\*(.+?)\*\*', '$1')
        [regex]::Replace($piece, '(?<![\w*])\*(?![\s*])([^*]+?)(?<!\s)\*(?![\w*])', '$1')
    }
    return $pieces -join ''
}

function ConvertTo-Paragraph {
    <#
    Prose lines to paragraphs: blank lines separate paragraphs, wrapped lines are joined, list items and
    table rows keep their own lines. Code blocks become one paragraph each, lines kept, indented by 4.
    #>
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    foreach ($part in Get-MarkdownPart $Lines) {
        if ($part.Kind -eq 'Code') {
            $paragraphs.Add((($part.Text -split "`n") | ForEach-Object { "    $_" }) -join "`n")
            continue
        }
        $buffer = [System.Collections.Generic.List[string]]::new()
        $flush = {
            if ($buffer.Count) { $paragraphs.Add(($buffer -join "`n")); $buffer.Clear() }
        }
        foreach ($raw in $part.Lines) {
            $line = $raw.TrimEnd()
            if (-not $line.Trim()) { & $flush; continue }
            $isItem = $line -match '^\s*([-*+]|\d+\.)\s+' -or $line -match '^\s*\|'
            if ($isItem -or $buffer.Count -eq 0) {
                $buffer.Add((ConvertFrom-InlineMarkdown $line.Trim()))
            }
            elseif ($buffer[$buffer.Count - 1] -match '^\|') {
                $buffer.Add((ConvertFrom-InlineMarkdown $line.Trim()))
            }
            else {
                # A wrapped line continues the paragraph or list item above it.
                $buffer[$buffer.Count - 1] += ' ' + (ConvertFrom-InlineMarkdown $line.Trim())
            }
        }
        & $flush
    }
    return $paragraphs.ToArray()
}

function ConvertFrom-YamlBlock {
    <# The flat `Key: value` lines of a parameter's yaml block, as an ordered dictionary. #>
    param([string] $Text)
    $map = [ordered]@{}
    foreach ($line in $Text -split "`n") {
        if ($line -match '^\s*([^:#]+?)\s*:\s*(.*?)\s*$') { $map[$Matches[1]] = $Matches[2] }
    }
    return $map
}

function Split-List([string] $Value) {
    <# 'a, b' -> @('a','b'); '' / 'None' -> @() #>
    if (-not $Value -or $Value -eq 'None') { return , @() }
    return , @($Value -split '\s*,\s*' | Where-Object { $_ })
}

function ConvertFrom-CommandPage {
    param([string] $Path, [System.Collections.IDictionary] $Meta, [string[]] $Lines)

    $top = Split-Heading $Lines 1
    $titled = @($top | Where-Object Title)
    if ($titled.Count -ne 1) { throw "${Path}: a cmdlet page has exactly one '# Name' heading, found $($titled.Count)." }
    $name = $titled[0].Title
    $sections = [ordered]@{}
    foreach ($s in Split-Heading $titled[0].Lines 2) {
        if ($s.Title) { $sections[$s.Title.ToUpperInvariant()] = $s.Lines.ToArray() }
    }
    foreach ($required in 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS') {
        if (-not $sections.Contains($required)) { throw "${Path}: no '## $required' section." }
    }
    $section = { param($n) if ($sections.Contains($n)) { , $sections[$n] } else { , @() } }

    # SYNTAX: one code block per parameter set, under '### SetName' or '### SetName (Default)'.
    $syntax = [System.Collections.Generic.List[object]]::new()
    foreach ($block in Split-Heading (& $section 'SYNTAX') 3) {
        $code = @(Get-MarkdownPart $block.Lines | Where-Object Kind -eq 'Code')
        if (-not $code) { continue }
        $setName = $AllSets; $isDefault = $false
        if ($block.Title) {
            $setName = $block.Title -replace '\s*\(Default\)\s*$', ''
            $isDefault = $block.Title -match '\(Default\)\s*$'
        }
        $syntax.Add([pscustomobject]@{ Name = $setName; IsDefault = $isDefault; Text = $code[0].Text })
    }
    if ($syntax.Count -eq 0) { throw "${Path}: '## SYNTAX' has no code block." }

    $examples = [System.Collections.Generic.List[object]]::new()
    foreach ($block in Split-Heading (& $section 'EXAMPLES') 3) {
        if (-not $block.Title) { continue }
        $parts = @(Get-MarkdownPart $block.Lines)
        $code = @($parts | Where-Object Kind -eq 'Code' | ForEach-Object { [pscustomobject]@{ Language = $_.Language; Text = $_.Text } })
        $remarks = @($parts | Where-Object Kind -eq 'Text' | ForEach-Object { ConvertTo-Paragraph $_.Lines })
        $examples.Add([pscustomobject]@{ Title = $block.Title; Code = $code; Remarks = $remarks })
    }

    $parameters = [System.Collections.Generic.List[object]]::new()
    $common = $false
    foreach ($block in Split-Heading (& $section 'PARAMETERS') 3) {
        if (-not $block.Title) { continue }
        if ($block.Title -eq 'CommonParameters') { $common = $true; continue }
        if ($block.Title -notmatch '^-(\w+)$') { throw "${Path}: parameter heading '### $($block.Title)' is not '### -Name'." }
        $parts = @(Get-MarkdownPart $block.Lines)
        $yaml = @($parts | Where-Object { $_.Kind -eq 'Code' -and $_.Language -eq 'yaml' } | ForEach-Object { ConvertFrom-YamlBlock $_.Text })
        if (-not $yaml) { throw "${Path}: parameter -$($Matches[1]) has no yaml block." }
        $text = @($parts | Where-Object { $_.Kind -eq 'Text' } | ForEach-Object { $_.Lines } | ForEach-Object { $_ })
        $parameters.Add([pscustomobject]@{
                Name        = $Matches[1]
                Description = @(ConvertTo-Paragraph $text)
                Metadata    = $yaml
            })
    }

    $typed = {
        param($n)
        foreach ($block in Split-Heading (& $section $n) 3) {
            if (-not $block.Title) { continue }
            [pscustomobject]@{ Type = $block.Title; Description = @(ConvertTo-Paragraph $block.Lines.ToArray()) }
        }
    }
    $links = foreach ($line in & $section 'RELATED LINKS') {
        foreach ($m in [regex]::Matches($line, '\[([^\]]+)\]\(([^)]*)\)')) {
            $uri = $m.Groups[2].Value
            # A link to a sibling page is a name only: Get-Help shows it and `Get-Help <name>` follows it.
            if ($uri -notmatch '^[a-z]+://') { $uri = '' }
            [pscustomobject]@{ Text = $m.Groups[1].Value; Uri = $uri }
        }
    }

    [pscustomobject]@{
        Kind                = 'Command'
        Path                = $Path
        Name                = $name
        FrontMatter         = $Meta
        Synopsis            = @(ConvertTo-Paragraph (& $section 'SYNOPSIS'))
        Syntax              = $syntax.ToArray()
        Description         = @(ConvertTo-Paragraph (& $section 'DESCRIPTION'))
        Examples            = $examples.ToArray()
        Parameters          = $parameters.ToArray()
        HasCommonParameters = $common
        Inputs              = @(& $typed 'INPUTS')
        Outputs             = @(& $typed 'OUTPUTS')
        Notes               = @(ConvertTo-Paragraph (& $section 'NOTES'))
        Links               = @($links)
    }
}

function ConvertFrom-AboutPage {
    param([string] $Path, [System.Collections.IDictionary] $Meta, [string[]] $Lines)
    $top = @(Split-Heading $Lines 1 | Where-Object Title)
    if ($top.Count -ne 1 -or $top[0].Title -notmatch '^about_\w+$') { throw "${Path}: an about page starts with '# about_Name'." }
    # Every fenced block is an example, titled by the heading it sits under.
    $examples = [System.Collections.Generic.List[object]]::new()
    $heading = $top[0].Title
    $inFence = $false; $language = ''; $code = $null
    foreach ($line in $top[0].Lines) {
        if ($null -ne $code) {
            if ($line -match '^\s*```\s*$') {
                $examples.Add([pscustomobject]@{ Title = $heading; Code = @([pscustomobject]@{ Language = $language; Text = ($code -join "`n") }); Remarks = @() })
                $code = $null
            }
            else { $code.Add($line) }
            continue
        }
        if ($line -match '^\s*```\s*([\w+-]*)') { $language = $Matches[1].ToLowerInvariant(); $code = [System.Collections.Generic.List[string]]::new(); continue }
        if ($line -match '^#{2,6}\s+(.*)$') { $heading = $Matches[1].Trim() }
    }
    [pscustomobject]@{
        Kind        = 'About'
        Path        = $Path
        Name        = $top[0].Title
        FrontMatter = $Meta
        Lines       = $Lines
        Examples    = $examples.ToArray()
    }
}

function Get-HelpPage {
    <# Every cmdlet page (schema 2.0.0 front matter) and about page in -DocsPath, sorted by file name. #>
    param([string] $Path)
    foreach ($file in Get-ChildItem -LiteralPath $Path -Filter '*.md' -File | Sort-Object Name) {
        $lines = [IO.File]::ReadAllText($file.FullName) -replace "`r`n?", "`n" -split "`n"
        $split = Split-FrontMatter $lines
        if ($file.Name -like 'about_*.md') {
            ConvertFrom-AboutPage -Path $file.FullName -Meta $split.Meta -Lines $split.Lines
        }
        elseif ($split.Meta.Contains('schema') -and $split.Meta.Contains('external help file')) {
            if ($split.Meta['schema'] -ne '2.0.0') { throw "$($file.FullName): schema $($split.Meta['schema']) is not 2.0.0." }
            ConvertFrom-CommandPage -Path $file.FullName -Meta $split.Meta -Lines $split.Lines
        }
        else {
            Write-Verbose "skip $($file.Name): not a cmdlet page (no schema front matter) nor an about page"
        }
    }
}

#endregion

#region MAML

function Write-Para {
    param([System.Xml.XmlWriter] $Xml, [string[]] $Paragraphs)
    $Xml.WriteStartElement('maml', 'description', $MamlNs)
    foreach ($p in $Paragraphs) { $Xml.WriteElementString('maml', 'para', $MamlNs, $p) }
    $Xml.WriteEndElement()
}

function Get-ParameterFact {
    <# The yaml block of -Parameter that applies to parameter set -Set ($null: the first block). #>
    param($Parameter, [string] $Set)
    foreach ($block in $Parameter.Metadata) {
        $sets = Split-List $block['Parameter Sets']
        if (-not $Set -or $sets -contains '(All)' -or $sets -contains $Set -or $Set -eq $AllSets) { return $block }
    }
    return $null
}

function Write-MamlParameter {
    param([System.Xml.XmlWriter] $Xml, $Parameter, [System.Collections.IDictionary] $Fact)
    $type = "$($Fact['Type'])"
    $aliases = Split-List $Fact['Aliases']
    $position = "$($Fact['Position'])"
    if (-not $position -or $position -eq 'Named') { $position = 'named' }
    $pipeline = if ($Fact['Accept pipeline input']) { $Fact['Accept pipeline input'] } else { 'False' }
    $accepted = Split-List $Fact['Accepted values']

    $Xml.WriteStartElement('command', 'parameter', $CommandNs)
    $Xml.WriteAttributeString('required', "$($Fact['Required'] -eq 'True')".ToLowerInvariant())
    $Xml.WriteAttributeString('variableLength', "$($type.EndsWith('[]'))".ToLowerInvariant())
    $Xml.WriteAttributeString('globbing', "$($Fact['Accept wildcard characters'] -eq 'True')".ToLowerInvariant())
    $Xml.WriteAttributeString('pipelineInput', $pipeline)
    $Xml.WriteAttributeString('position', $position)
    $Xml.WriteAttributeString('aliases', $(if ($aliases.Count) { $aliases -join ', ' } else { 'none' }))
    $Xml.WriteElementString('maml', 'name', $MamlNs, $Parameter.Name)
    Write-Para $Xml $Parameter.Description
    if ($accepted.Count) {
        $Xml.WriteStartElement('command', 'parameterValueGroup', $CommandNs)
        foreach ($value in $accepted) {
            $Xml.WriteStartElement('command', 'parameterValue', $CommandNs)
            $Xml.WriteAttributeString('required', 'false')
            $Xml.WriteAttributeString('variableLength', 'false')
            $Xml.WriteString($value)
            $Xml.WriteEndElement()
        }
        $Xml.WriteEndElement()
    }
    if ($type -and $type -ne 'SwitchParameter') {
        $Xml.WriteStartElement('command', 'parameterValue', $CommandNs)
        $Xml.WriteAttributeString('required', 'true')
        $Xml.WriteAttributeString('variableLength', 'false')
        $Xml.WriteString($type)
        $Xml.WriteEndElement()
    }
    $Xml.WriteStartElement('dev', 'type', $DevNs)
    $Xml.WriteElementString('maml', 'name', $MamlNs, $type)
    $Xml.WriteElementString('maml', 'uri', $MamlNs, '')
    $Xml.WriteEndElement()
    $default = if ($Fact['Default value']) { $Fact['Default value'] } else { 'None' }
    $Xml.WriteElementString('dev', 'defaultValue', $DevNs, $default)
    $Xml.WriteEndElement()
}

function Get-SetParameter {
    <# The parameters of set -Set, in the order the set's syntax block names them, then any others. #>
    param($Page, $Set)
    $inSet = @($Page.Parameters | Where-Object { Get-ParameterFact $_ $Set.Name })
    $order = @([regex]::Matches($Set.Text, '(?<![\w<-])-(\w+)') | ForEach-Object { $_.Groups[1].Value })
    $seen = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
    foreach ($name in $order) {
        $parameter = $inSet | Where-Object Name -eq $name
        if ($parameter -and $seen.Add($name)) { $parameter }
    }
    $inSet | Where-Object { $seen.Add($_.Name) }
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $Xml, $Page)
    $Xml.WriteStartElement('command', 'command', $CommandNs)
    $Xml.WriteAttributeString('xmlns', 'maml', $null, $MamlNs)
    $Xml.WriteAttributeString('xmlns', 'command', $null, $CommandNs)
    $Xml.WriteAttributeString('xmlns', 'dev', $null, $DevNs)

    $verb, $noun = $Page.Name -split '-', 2
    $Xml.WriteStartElement('command', 'details', $CommandNs)
    $Xml.WriteElementString('command', 'name', $CommandNs, $Page.Name)
    $Xml.WriteElementString('command', 'verb', $CommandNs, $verb)
    $Xml.WriteElementString('command', 'noun', $CommandNs, "$noun")
    Write-Para $Xml $Page.Synopsis
    $Xml.WriteEndElement()

    Write-Para $Xml $Page.Description

    $Xml.WriteStartElement('command', 'syntax', $CommandNs)
    foreach ($set in $Page.Syntax) {
        $Xml.WriteStartElement('command', 'syntaxItem', $CommandNs)
        $Xml.WriteElementString('maml', 'name', $MamlNs, $Page.Name)
        foreach ($parameter in Get-SetParameter $Page $set) {
            Write-MamlParameter $Xml $parameter (Get-ParameterFact $parameter $set.Name)
        }
        $Xml.WriteEndElement()
    }
    $Xml.WriteEndElement()

    $Xml.WriteStartElement('command', 'parameters', $CommandNs)
    foreach ($parameter in $Page.Parameters) { Write-MamlParameter $Xml $parameter $parameter.Metadata[0] }
    $Xml.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', $Page.Inputs), @('returnValues', 'returnValue', $Page.Outputs))) {
        $Xml.WriteStartElement('command', $kind[0], $CommandNs)
        foreach ($item in $kind[2]) {
            $Xml.WriteStartElement('command', $kind[1], $CommandNs)
            $Xml.WriteStartElement('dev', 'type', $DevNs)
            $Xml.WriteElementString('maml', 'name', $MamlNs, $item.Type)
            $Xml.WriteEndElement()
            Write-Para $Xml $item.Description
            $Xml.WriteEndElement()
        }
        $Xml.WriteEndElement()
    }

    if ($Page.Notes.Count) {
        $Xml.WriteStartElement('maml', 'alertSet', $MamlNs)
        $Xml.WriteStartElement('maml', 'alert', $MamlNs)
        foreach ($p in $Page.Notes) { $Xml.WriteElementString('maml', 'para', $MamlNs, $p) }
        $Xml.WriteEndElement()
        $Xml.WriteEndElement()
    }

    $Xml.WriteStartElement('command', 'examples', $CommandNs)
    foreach ($example in $Page.Examples) {
        $Xml.WriteStartElement('command', 'example', $CommandNs)
        $Xml.WriteElementString('maml', 'title', $MamlNs, "-------------------------- $($example.Title) --------------------------")
        $Xml.WriteElementString('dev', 'code', $DevNs, (($example.Code | ForEach-Object Text) -join "`n`n"))
        $Xml.WriteStartElement('dev', 'remarks', $DevNs)
        foreach ($p in $example.Remarks) { $Xml.WriteElementString('maml', 'para', $MamlNs, $p) }
        $Xml.WriteEndElement()
        $Xml.WriteEndElement()
    }
    $Xml.WriteEndElement()

    $Xml.WriteStartElement('command', 'relatedLinks', $CommandNs)
    $online = if ($Page.FrontMatter.Contains('online version')) { "$($Page.FrontMatter['online version'])" } else { '' }
    $links = @(if ($online) { [pscustomobject]@{ Text = 'Online Version:'; Uri = $online } }) + @($Page.Links)
    foreach ($link in $links) {
        $Xml.WriteStartElement('maml', 'navigationLink', $MamlNs)
        $Xml.WriteElementString('maml', 'linkText', $MamlNs, $link.Text)
        $Xml.WriteElementString('maml', 'uri', $MamlNs, $link.Uri)
        $Xml.WriteEndElement()
    }
    $Xml.WriteEndElement()

    $Xml.WriteEndElement()
}

function Write-MamlFile {
    <# One MAML file holding every page in -Pages. #>
    param([string] $Path, [object[]] $Pages)
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $settings.NewLineChars = "`n"
    $xml = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $xml.WriteStartDocument()
        $xml.WriteStartElement('helpItems', 'http://msh')
        $xml.WriteAttributeString('schema', 'maml')
        foreach ($page in $Pages) { Write-MamlCommand $xml $page }
        $xml.WriteEndElement()
        $xml.WriteEndDocument()
    }
    finally {
        $xml.Dispose()
    }
}

#endregion

#region about_*.help.txt

function Format-Wrapped {
    <# Word-wraps -Text to lines of at most 80 columns, the first prefixed by -First, the rest by -Rest. #>
    param([string] $Text, [string] $First, [string] $Rest)
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = $First
    $empty = $true
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if (-not $empty -and ($line.Length + 1 + $word.Length) -gt 80) {
            $lines.Add($line)
            $line = $Rest + $word
        }
        else {
            $line += $(if ($empty) { $word } else { " $word" })
        }
        $empty = $false
    }
    $lines.Add($line)
    return $lines
}

function ConvertTo-AboutText {
    <# The help.txt text of an about page: TOPIC, then the `##` sections upper-cased, prose wrapped at 80. #>
    param($Page)
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $($Page.Name)")
    $body = @(@(Split-Heading $Page.Lines 1 | Where-Object Title)[0].Lines)
    $inList = $false
    foreach ($part in Get-MarkdownPart $body) {
        if ($part.Kind -eq 'Code') {
            $inList = $false
            $out.Add('')
            foreach ($l in $part.Text -split "`n") { $out.Add("        $l".TrimEnd()) }
            continue
        }
        $lines = $part.Lines
        for ($i = 0; $i -lt $lines.Count; $i++) {
            $line = $lines[$i].TrimEnd()
            if (-not $line) { continue }
            if ($line -match '^##\s+(.*)$') {
                $inList = $false
                $out.Add(''); $out.Add($Matches[1].Trim().ToUpperInvariant())
                continue
            }
            if ($line -match '^#{3,6}\s+(.*)$') {
                $inList = $false
                $title = ConvertFrom-InlineMarkdown $Matches[1].Trim()
                $out.Add(''); $out.Add("  $title"); $out.Add('  ' + ('-' * $title.Length))
                continue
            }
            if ($line -match '^\s*\|') {
                $inList = $false
                # A table: one block per row, "Header: value" lines (wide tables do not fit 80 columns).
                $rows = [System.Collections.Generic.List[string[]]]::new()
                while ($i -lt $lines.Count -and $lines[$i] -match '^\s*\|') {
                    $cells = @($lines[$i].Trim().Trim('|') -split '\|' | ForEach-Object { ConvertFrom-InlineMarkdown $_.Trim() })
                    if (-not ($cells | Where-Object { $_ -notmatch '^:?-+:?$' })) { $i++; continue }
                    $rows.Add($cells); $i++
                }
                $i--
                $header = $rows[0]
                foreach ($row in $rows | Select-Object -Skip 1) {
                    $out.Add('')
                    for ($c = 0; $c -lt $row.Count; $c++) {
                        $label = if ($c -lt $header.Count) { $header[$c] } else { "Column $($c + 1)" }
                        foreach ($w in Format-Wrapped "${label}: $($row[$c])" '    ' '        ') { $out.Add($w) }
                    }
                }
                continue
            }
            # A paragraph or a list item, with its wrapped continuation lines.
            $isItem = $line -match '^\s*([-*+]|\d+\.)\s+(.*)$'
            $text = if ($isItem) { $Matches[2] } else { $line.Trim() }
            $bullet = if ($isItem) { $Matches[1] } else { '' }
            while ($i + 1 -lt $lines.Count -and $lines[$i + 1].Trim() -and $lines[$i + 1] -notmatch '^\s*([-*+]|\d+\.)\s+|^\s*\||^#') {
                $i++
                $text += ' ' + $lines[$i].Trim()
            }
            $text = ConvertFrom-InlineMarkdown $text
            if ($isItem) {
                # A blank line before the first item of a list, none between its items.
                if (-not $inList) { $out.Add('') }
                $inList = $true
                foreach ($w in Format-Wrapped $text "    $bullet " ('    ' + (' ' * ($bullet.Length + 1)))) { $out.Add($w) }
            }
            else {
                $inList = $false
                $out.Add('')
                foreach ($w in Format-Wrapped $text '    ' '    ') { $out.Add($w) }
            }
        }
    }
    return ($out -join "`n").TrimEnd() + "`n"
}

#endregion

$pages = @(Get-HelpPage -Path $DocsPath)
if ($AsObject) { return $pages }

$null = New-Item -ItemType Directory -Force -Path $OutputPath
$OutputPath = (Resolve-Path -LiteralPath $OutputPath).ProviderPath
$commands = @($pages | Where-Object Kind -eq 'Command')
$abouts = @($pages | Where-Object Kind -eq 'About')

$usePlatyPS = switch ($Engine) {
    'PlatyPS' { $true }
    'Builtin' { $false }
    default { [bool](Get-Module -ListAvailable -Name platyPS) }
}
if ($usePlatyPS) {
    Import-Module -Name platyPS
    $sources = @($commands.Path) + @($abouts.Path) | Where-Object { $_ }
    Write-Verbose "PlatyPS New-ExternalHelp: $($sources.Count) page(s) -> $OutputPath"
    $null = New-ExternalHelp -Path $sources -OutputPath $OutputPath -Force
    return
}

# Pages name their MAML file in the front matter; group them so each file holds its own commands.
foreach ($group in $commands | Group-Object { $_.FrontMatter['external help file'] }) {
    $file = Join-Path $OutputPath $group.Name
    Write-Verbose "MAML: $($group.Count) command(s) -> $file"
    Write-MamlFile -Path $file -Pages $group.Group
}
foreach ($about in $abouts) {
    $file = Join-Path $OutputPath "$($about.Name).help.txt"
    Write-Verbose "about topic -> $file"
    [IO.File]::WriteAllText($file, (ConvertTo-AboutText $about), [System.Text.UTF8Encoding]::new($false))
}
