//go:build !unix

package main

import "os/exec"

// killGroupOnCancel leaves cmd as it is: without process groups, cancelling kills the
// launcher alone.
func killGroupOnCancel(*exec.Cmd) {}

// keepFromChildren does nothing where descriptors are not inherited by number.
func keepFromChildren(int) {}
