//! Native tests of the task state machine.
