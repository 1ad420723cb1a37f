# The module's help: every exported cmdlet has a docs/ page whose parameters match the real metadata, Get-Help
# shows it in full from the MAML that `./build.ps1 publish` built into dist/Wild/en-US, about_Wild is found, and
# every PowerShell example in docs/ runs in a scratch directory without error.
# build/Invoke-ModuleTests.ps1 has imported dist/Wild/Wild.psd1 and set $env:WILD_MODULE_MANIFEST and $env:WILD_REPO_ROOT.

BeforeDiscovery {
    $docs = Join-Path $env:WILD_REPO_ROOT 'docs'
    $pages = @(& (Join-Path $env:WILD_REPO_ROOT 'build/ConvertTo-MamlHelp.ps1') -DocsPath $docs -AsObject)

    $cmdletCases = @(Get-Command -Module Wild -CommandType Cmdlet | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
    $pageCases = @($pages | Where-Object Kind -eq 'Command' | ForEach-Object { @{ Name = $_.Name; Page = $_ } })

    # Every ```powershell block is run: all blocks of one cmdlet-page example together, each block of an about
    # page on its own. A block that calls a *-Elf* cmdlet this build does not have fails: a page may only show
    # what ships. So does one that writes outside the current directory (a temporary folder it would leave
    # behind) or holds sample output, which fails when a reader pastes the block.
    $exampleCases = foreach ($page in $pages) {
        $n = 0
        foreach ($example in $page.Examples) {
            $n++
            $blocks = @($example.Code | Where-Object { $_.Language -in 'powershell', 'pwsh', 'ps1' })
            if (-not $blocks) { continue }
            # A PlatyPS-style prompt (`PS C:\> `, `PS> `) is not part of the code.
            $code = (($blocks.Text) -join "`n") -replace '(?m)^PS(?: [^>\n]*)?>[ \t]?', ''
            $parseErrors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$parseErrors)
            $missing = @($ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) |
                    ForEach-Object { $_.GetCommandName() } |
                    Where-Object { $_ -match '^\w+-Elf\w+$' -and -not (Get-Command -Name $_ -ErrorAction Ignore) } |
                    Sort-Object -Unique)
            # Output pasted into a block: table rules (---- ----), a bare True/False, or a `PS>` prompt line with output after it.
            $pastedOutput = @($code -split "`n" | Where-Object { $_ -match '^\s*-{3,}(\s+-{3,})*\s*$' -or $_ -match '^\s*(True|False)\s*$' })
            $temporary = @([regex]::Matches($code, 'GetTempPath|New-TemporaryFile|\$env:TMP|/tmp/') | ForEach-Object Value)
            @{
                Page        = Split-Path -Leaf $page.Path
                PastedOutput = $pastedOutput
                Temporary   = $temporary
                Title       = if ($page.Kind -eq 'About') { "$n ($($example.Title))" } else { $example.Title }
                Code        = $code
                ParseErrors = @($parseErrors | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Message)" })
                Missing     = $missing
            }
        }
    }
}

BeforeAll {
    $script:docs = Join-Path $env:WILD_REPO_ROOT 'docs'
    $script:converter = Join-Path $env:WILD_REPO_ROOT 'build/ConvertTo-MamlHelp.ps1'
    $script:moduleDir = Split-Path -Parent $env:WILD_MODULE_MANIFEST
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters

    function Get-RealParameter($Command) {
        <# The parameters a help page must document: all but the common ones (WhatIf and Confirm included). #>
        @($Command.Parameters.Values | Where-Object { $_.Name -notin $common })
    }

    function Get-SyntaxParameterName([string] $Text) {
        @([regex]::Matches($Text, '(?<![\w<-])-(\w+)') | ForEach-Object { $_.Groups[1].Value })
    }

    function Split-YamlList([string] $Value) {
        if (-not $Value -or $Value -eq 'None') { return , @() }
        , @($Value -split '\s*,\s*' | Where-Object { $_ })
    }

    function Compare-Set($Documented, $Real) {
        $a = @($Documented | Sort-Object -Unique) -join ', '
        $b = @($Real | Sort-Object -Unique) -join ', '
        if ($a -ne $b) { "documented [$a], real [$b]" }
    }

    function Compare-ParameterDoc($Command, $Doc) {
        <# Differences between one parameter's yaml blocks and the cmdlet's metadata, as readable lines. #>
        $real = $Command.Parameters[$Doc.Name]
        if (-not $real) { return "-$($Doc.Name): documented, but the cmdlet has no such parameter" }
        $type = $real.ParameterType
        $underlying = [Nullable]::GetUnderlyingType($type)
        if ($underlying) { $type = $underlying }   # OutputKind? is documented as OutputKind
        $element = if ($type.IsArray) { $type.GetElementType() } else { $type }   # SymbolType[] accepts SymbolType's names
        $accepted = if ($element.IsEnum) { [Enum]::GetNames($element) }
        else { @($real.Attributes | Where-Object { $_ -is [ValidateSet] } | ForEach-Object ValidValues) }
        $wildcards = [bool]@($real.Attributes | Where-Object { $_ -is [SupportsWildcards] }).Count
        $realSets = @($real.ParameterSets.Keys)
        $everySet = $realSets -contains '__AllParameterSets' -or
            -not @($Command.ParameterSets.Name | Where-Object { $_ -notin $realSets }).Count

        $documentedSets = [System.Collections.Generic.List[string]]::new()
        foreach ($yaml in $Doc.Metadata) {
            $where = "-$($Doc.Name) [$($yaml['Parameter Sets'])]"
            if ($yaml['Type'] -notin $type.Name, $type.FullName) { "${where}: Type is '$($yaml['Type'])', real $($type.Name)" }
            if ($d = Compare-Set (Split-YamlList $yaml['Aliases']) $real.Aliases) { "${where}: Aliases $d" }
            if ($d = Compare-Set (Split-YamlList $yaml['Accepted values']) $accepted) { "${where}: Accepted values $d" }
            if (($yaml['Accept wildcard characters'] -eq 'True') -ne $wildcards) { "${where}: Accept wildcard characters is '$($yaml['Accept wildcard characters'])', real $wildcards" }

            $sets = Split-YamlList $yaml['Parameter Sets']
            if ($sets -contains '(All)') {
                if (-not $everySet) { "${where}: documented in every set, real only in $($realSets -join ', ')" }
                $sets = $realSets
            }
            foreach ($set in $sets) {
                $documentedSets.Add($set)
                $meta = $real.ParameterSets[$set]
                if (-not $meta) { "${where}: not in parameter set '$set'"; continue }
                if (($yaml['Required'] -eq 'True') -ne $meta.IsMandatory) { "${where}: Required is '$($yaml['Required'])', real $($meta.IsMandatory) in set $set" }
                $position = if ($meta.Position -eq [int]::MinValue) { 'Named' } else { "$($meta.Position)" }
                if ($yaml['Position'] -ne $position) { "${where}: Position is '$($yaml['Position'])', real $position in set $set" }
                $pipeline = @(if ($meta.ValueFromPipelineByPropertyName) { 'ByPropertyName' }; if ($meta.ValueFromPipeline) { 'ByValue' })
                $documented = if ($yaml['Accept pipeline input'] -match '^True\s*\((.*)\)') { $Matches[1] -split '\s*,\s*' } else { @() }
                if ($d = Compare-Set $documented $pipeline) { "${where}: Accept pipeline input $d in set $set" }
            }
        }
        if ($d = Compare-Set $documentedSets $realSets) { "-$($Doc.Name): Parameter Sets $d" }
    }
}

Describe 'Get-Help <Name> -Full' -ForEach $cmdletCases {
    BeforeAll {
        $command = Get-Command -Name $Name -CommandType Cmdlet
        $help = Get-Help -Name $Name -Full
    }

    It 'has a page docs/<Name>.md' {
        Join-Path $docs "$Name.md" | Should -Exist
    }

    It 'shows a synopsis and a description written for it, not the generated syntax' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -Match "^$([regex]::Escape($Name))\s"
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'documents every parameter the cmdlet has, each with a description' {
        $expected = @(Get-RealParameter $command | ForEach-Object Name | Sort-Object)
        $shown = @($help.parameters.parameter | Where-Object { ($_.description | Out-String).Trim() } | ForEach-Object name | Sort-Object)
        $shown | Should -Be $expected
    }

    It 'shows at least one example with code' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        $examples | ForEach-Object { $_.code | Should -Not -BeNullOrEmpty }
    }
}

Describe 'docs/<Name>.md' -ForEach $pageCases {
    BeforeAll {
        $command = Get-Command -Name $Name -CommandType Cmdlet -ErrorAction SilentlyContinue
    }

    It 'documents a cmdlet the module exports' {
        $command | Should -Not -BeNullOrEmpty
        $command.ModuleName | Should -Be 'Wild'
    }

    It 'has PlatyPS schema 2.0.0 front matter naming the module and its help file' {
        $Page.FrontMatter['schema'] | Should -Be '2.0.0'
        $Page.FrontMatter['Module Name'] | Should -Be 'Wild'
        $Page.FrontMatter['external help file'] | Should -Be (Split-Path -Leaf $command.HelpFile)
        $Page.FrontMatter.Contains('online version') | Should -BeTrue
    }

    It 'has a synopsis, a description, inputs, outputs and the CommonParameters entry' {
        $Page.Synopsis | Should -Not -BeNullOrEmpty
        $Page.Description | Should -Not -BeNullOrEmpty
        $Page.Inputs | Should -Not -BeNullOrEmpty
        $Page.Outputs | Should -Not -BeNullOrEmpty
        $Page.HasCommonParameters | Should -BeTrue
    }

    It 'has no unfilled PlatyPS placeholders' {
        Get-Content -LiteralPath $Page.Path | Select-String -Pattern '\{\{.*\}\}' | Should -BeNullOrEmpty
    }

    It 'has examples, each with a powershell code block' {
        $Page.Examples | Should -Not -BeNullOrEmpty
        foreach ($example in $Page.Examples) {
            @($example.Code | Where-Object Language -eq 'powershell') | Should -Not -BeNullOrEmpty -Because $example.Title
        }
    }

    It 'has one SYNTAX block per real parameter set, listing exactly its parameters' {
        $realSets = @($command.ParameterSets)
        if ($Page.Syntax.Count -eq 1 -and $Page.Syntax[0].Name -eq '__AllParameterSets') {
            $realSets.Count | Should -Be 1 -Because 'a SYNTAX without ### headings stands for a single parameter set'
            $pairs = @(@{ Doc = $Page.Syntax[0]; Real = $realSets[0] })
        }
        else {
            @($Page.Syntax.Name | Sort-Object) | Should -Be @($realSets.Name | Sort-Object)
            @($Page.Syntax | Where-Object IsDefault).Name | Should -Be $command.DefaultParameterSet
            $pairs = @($Page.Syntax | ForEach-Object { $s = $_; @{ Doc = $s; Real = $realSets | Where-Object Name -eq $s.Name } })
        }
        foreach ($pair in $pairs) {
            $real = @($pair.Real.Parameters.Name | Where-Object { $_ -notin $common } | Sort-Object)
            @(Get-SyntaxParameterName $pair.Doc.Text | Sort-Object) | Should -Be $real -Because "the syntax of set $($pair.Doc.Name)"
        }
    }

    It 'has parameter yaml that matches the real metadata (type, sets, required, position, pipeline, aliases, wildcards, values)' {
        @($Page.Parameters.Name | Sort-Object) | Should -Be @(Get-RealParameter $command | ForEach-Object Name | Sort-Object)
        $problems = @(foreach ($doc in $Page.Parameters) { Compare-ParameterDoc $command $doc })
        $problems -join "`n" | Should -BeNullOrEmpty
    }
}

Describe 'about_Wild' {
    It 'is found by Get-Help and covers the stages, the scenarios and troubleshooting' {
        $text = Get-Help -Name about_Wild | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'Read-ElfObject'
        $text | Should -Match 'Scenario 3'
        $text | Should -Match 'TROUBLESHOOTING'
    }

    It 'ships as en-US/about_Wild.help.txt in the module' {
        Join-Path $moduleDir 'en-US/about_Wild.help.txt' | Should -Exist
    }
}

Describe 'MAML help file' {
    It 'is generated well-formed from docs/, one command per cmdlet page with its syntax items and examples' {
        $out = Join-Path $TestDrive 'help'
        & $converter -DocsPath $docs -OutputPath $out -Engine Builtin
        $xml = [xml](Get-Content -Raw -LiteralPath (Join-Path $out 'Wild.PowerShell.dll-Help.xml'))
        $xml.DocumentElement.LocalName | Should -Be 'helpItems'
        $xml.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
        $pages = @(& $converter -DocsPath $docs -AsObject | Where-Object Kind -eq 'Command')
        $commands = @($xml.helpItems.command)
        @($commands.details.name | Sort-Object) | Should -Be @($pages.Name | Sort-Object)
        foreach ($page in $pages) {
            $maml = $commands | Where-Object { $_.details.name -eq $page.Name }
            $maml.NamespaceURI | Should -Be 'http://schemas.microsoft.com/maml/dev/command/2004/10'
            @($maml.syntax.syntaxItem).Count | Should -Be $page.Syntax.Count
            @($maml.parameters.parameter).Count | Should -Be $page.Parameters.Count
            @($maml.examples.example).Count | Should -Be $page.Examples.Count
            foreach ($item in @($maml.syntax.syntaxItem)) {
                $item.name | Should -Be $page.Name
                @($item.parameter).Count | Should -BeGreaterThan 0
            }
        }
        Join-Path $out 'about_Wild.help.txt' | Should -Exist
    }

    It 'is shipped in dist/Wild/en-US, well-formed, with every exported cmdlet' {
        $path = Join-Path $moduleDir 'en-US/Wild.PowerShell.dll-Help.xml'
        $path | Should -Exist
        $xml = [xml](Get-Content -Raw -LiteralPath $path)
        $names = @($xml.helpItems.command.details.name)
        foreach ($cmdlet in Get-Command -Module Wild -CommandType Cmdlet) { $names | Should -Contain $cmdlet.Name }
    }
}

Describe 'Examples in docs/' {
    It '<Page>: <Title>' -ForEach $exampleCases {
        $ParseErrors | Should -BeNullOrEmpty
        $Missing | Should -BeNullOrEmpty -Because 'an example may only call cmdlets the module exports'
        $PastedOutput | Should -BeNullOrEmpty -Because 'sample output belongs in the text after the block, not in the code'
        $Temporary | Should -BeNullOrEmpty -Because 'examples work in the current directory, so they leave no temporary folder behind'
        $dir = Join-Path $TestDrive ('example-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $dir
        Push-Location -LiteralPath $dir
        try {
            # Any error stops the example: cmdlet errors, and native commands that exit non-zero.
            $ErrorActionPreference = 'Stop'
            $PSNativeCommandUseErrorActionPreference = $true
            $global:LASTEXITCODE = 0
            $output = & ([scriptblock]::Create($Code)) | Out-String -Width 200
        }
        finally {
            Pop-Location
        }
        $output.Trim() | Should -Not -BeNullOrEmpty -Because 'every example shows a result'
    }
}
