"""The checker: every rule of the notice, applied to an application, giving located findings."""
