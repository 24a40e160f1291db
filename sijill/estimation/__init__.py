"""Multiple systems estimation of the undocumented from capture histories."""
