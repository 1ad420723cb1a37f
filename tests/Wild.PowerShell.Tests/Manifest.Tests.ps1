# The published module layout (dist/Wild/), as `./build.ps1 publish` leaves it.
# build/Invoke-ModuleTests.ps1 has imported dist/Wild/Wild.psd1 and set $env:WILD_MODULE_MANIFEST.

BeforeAll {
    $script:manifestPath = $env:WILD_MODULE_MANIFEST
    $script:moduleDir = Split-Path -Parent $manifestPath
    $script:manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
    $script:sourceManifest = Import-PowerShellDataFile -LiteralPath (Join-Path $env:WILD_REPO_ROOT 'Wild.psd1')
}

Describe 'Published Wild module' {
    It 'is the module loaded for the tests, from dist/Wild' {
        $loaded = @(Get-Module -Name Wild)
        $loaded.Count | Should -Be 1
        $loaded[0].ModuleBase | Should -Be $moduleDir
    }

    It 'has a valid manifest stamped with VersionPrefix from Directory.Build.props' {
        $props = [xml](Get-Content -Raw -LiteralPath (Join-Path $env:WILD_REPO_ROOT 'Directory.Build.props'))
        $expected = @($props.Project.PropertyGroup.VersionPrefix | Where-Object { $_ })[0]
        (Test-ModuleManifest -Path $manifestPath).Version | Should -Be ([version]$expected)
    }

    It 'ships its root module and the engine but not System.Management.Automation' {
        Join-Path $moduleDir $manifest.RootModule | Should -Exist
        Join-Path $moduleDir 'Wild.Engine.dll' | Should -Exist
        Join-Path $moduleDir 'System.Management.Automation.dll' | Should -Not -Exist
    }

    It 'lists only format and type files that exist' {
        foreach ($file in @($manifest.FormatsToProcess) + @($manifest.TypesToProcess)) {
            Join-Path $moduleDir $file | Should -Exist
        }
    }

    It 'exports the same explicit command lists as the source manifest, without wildcards' {
        $manifest.CmdletsToExport | Should -Be $sourceManifest.CmdletsToExport
        $manifest.AliasesToExport | Should -Be $sourceManifest.AliasesToExport
        @($manifest.FunctionsToExport).Count | Should -Be 0
        @($manifest.VariablesToExport).Count | Should -Be 0
        @($manifest.CmdletsToExport) + @($manifest.AliasesToExport) | Should -Not -Match '[*?]'
    }

    It 'requires PowerShell 7.6 on Core, the first to host .NET 10' {
        $manifest.PowerShellVersion | Should -Be '7.6'
        $manifest.CompatiblePSEditions | Should -Be @('Core')
    }
}
