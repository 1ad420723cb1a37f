// The bench's `llvm` workload: a small client of LLVM 19's static libraries. It registers every target
// (so the link pulls in most of LLVM), parses an IR module from a string, verifies it, optimises it with
// the O2 pipeline, prints the optimised IR, then compiles it for x86-64 and prints the assembly.
// Everything it prints is deterministic, so the outputs of the different linkers can be compared.
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"

#include <memory>
#include <string>

static const char Source[] = R"IR(
define i32 @sum(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %acc = phi i32 [ 0, %entry ], [ %acc.next, %loop ]
  %acc.next = add i32 %acc, %i
  %i.next = add i32 %i, 1
  %done = icmp eq i32 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %acc.next
}

define i32 @sum_to_100() {
  %r = call i32 @sum(i32 100)
  ret i32 %r
}
)IR";

int main() {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmParsers();
    llvm::InitializeAllAsmPrinters();

    llvm::SmallVector<llvm::StringRef, 32> targets;
    for (const llvm::Target &target : llvm::TargetRegistry::targets())
        targets.push_back(target.getName());
    llvm::sort(targets);
    llvm::outs() << targets.size() << " targets:";
    for (llvm::StringRef name : targets)
        llvm::outs() << ' ' << name;
    llvm::outs() << '\n';

    const std::string triple = "x86_64-pc-linux-gnu";
    std::string error;
    const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
    if (!target) {
        llvm::errs() << "no target for " << triple << ": " << error << '\n';
        return 1;
    }
    std::unique_ptr<llvm::TargetMachine> machine(
        target->createTargetMachine(triple, "x86-64", "", llvm::TargetOptions(), llvm::Reloc::PIC_));

    llvm::LLVMContext context;
    llvm::SMDiagnostic diagnostic;
    std::unique_ptr<llvm::Module> module = llvm::parseAssemblyString(Source, diagnostic, context);
    if (!module) {
        diagnostic.print("llvm-ir", llvm::errs());
        return 1;
    }
    module->setTargetTriple(triple);
    module->setDataLayout(machine->createDataLayout());
    if (llvm::verifyModule(*module, &llvm::errs()))
        return 1;

    llvm::LoopAnalysisManager loops;
    llvm::FunctionAnalysisManager functions;
    llvm::CGSCCAnalysisManager sccs;
    llvm::ModuleAnalysisManager modules;
    llvm::PassBuilder builder(machine.get());
    builder.registerModuleAnalyses(modules);
    builder.registerCGSCCAnalyses(sccs);
    builder.registerFunctionAnalyses(functions);
    builder.registerLoopAnalyses(loops);
    builder.crossRegisterProxies(loops, functions, sccs, modules);
    llvm::ModulePassManager pipeline = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
    pipeline.run(*module, modules);
    module->print(llvm::outs(), nullptr);

    llvm::SmallString<4096> assembly;
    llvm::raw_svector_ostream stream(assembly);
    llvm::legacy::PassManager codegen;
    if (machine->addPassesToEmitFile(codegen, stream, nullptr, llvm::CodeGenFileType::AssemblyFile)) {
        llvm::errs() << "the x86-64 target cannot emit assembly\n";
        return 1;
    }
    codegen.run(*module);
    llvm::outs() << assembly;
    return 0;
}
