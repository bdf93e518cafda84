# SPDX-License-Identifier: GPL-2.0
# Slab Movable Objects for Linux 6.12: the harness. 'make help' lists the
# targets; scripts/ holds one small script per step.

SHELL := /bin/bash
S := scripts
DEBUG_OBJ := build/obj-debug

.PHONY: help deps tree export check-export checkpatch check kunit kernel \
	test test-base test-arm64 run shell bench clean

help:
	@echo "make test          checkpatch, KUnit on UML, debug kernel in QEMU: the test suite"
	@echo "make run           build the patched debug kernel, boot it, show the slab state"
	@echo "make shell         boot the patched debug kernel to a shell"
	@echo "make bench         build and boot base and patched kernels, compare them"
	@echo "make tree          build/linux: the base (tag base) plus one commit per patch"
	@echo "make export        regenerate patches/ from build/linux base..HEAD"
	@echo "make check-export  fail if build/linux holds work that patches/ lacks"
	@echo "make checkpatch    scripts/checkpatch.pl on every patch"
	@echo "make check         the build robots' checks: each patch builds, W=1, sparse, kernel-doc, configs, coccicheck"
	@echo "make kunit         KUnit on UML only"
	@echo "make test-base     the KUnit and guest steps of 'make test' on the unpatched base"
	@echo "make test-arm64    arm64 kernel under tag-based KASAN in QEMU: KUnit, slab_movable_files (not in CI)"
	@echo "make deps          install the Debian packages (as root)"

deps:
	@bash $(S)/deps.sh

tree: deps
	@bash $(S)/tree.sh

export:
	@bash $(S)/export.sh

check-export:
	@bash $(S)/check-export.sh

checkpatch: tree
	@bash $(S)/checkpatch.sh

check: tree
	@bash $(S)/check.sh

kunit: tree
	@bash $(S)/kunit.sh build/linux build/kunit-uml

kernel: tree
	@bash $(S)/kernel.sh build/linux $(DEBUG_OBJ) debug

test: deps
	@bash $(S)/test.sh

test-base: tree
	@BASE=1 bash $(S)/test.sh

test-arm64:
	@bash $(S)/arm64.sh

run: kernel
	@bash $(S)/qemu.sh $(DEBUG_OBJ) run build/logs/run.log

shell: kernel
	@bash $(S)/qemu.sh $(DEBUG_OBJ) shell build/logs/shell.log

bench: tree
	@bash $(S)/bench.sh

clean:
	rm -rf build/obj-* build/kunit-* build/logs
