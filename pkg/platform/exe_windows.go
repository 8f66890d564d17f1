package platform

// ExeSuffix ends the file name of a program on this system.
const ExeSuffix = ".exe"
