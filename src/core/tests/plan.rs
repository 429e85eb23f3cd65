//! Native tests of the plans: placeholder, filled in by the plan tests.
