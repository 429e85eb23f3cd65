//! The wasm heap: a size-class allocator. Every block is a power of two
//! (16 B and up), naturally aligned up to 4 KiB, and a freed block goes on
//! its class's free list for the next allocation of that class. Memory is
//! taken from `memory.grow` and never returned, so the heap stays at the
//! high-water mark of live data (bounded: a block is at most twice what was
//! asked). A few hundred bytes of code instead of dlmalloc's ~8 KB; the
//! module is single-threaded (no shared memory), so no locking.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr::null_mut;

const MIN_SHIFT: u32 = 4;
const CLASSES: usize = 28;
const PAGE: usize = 65536;
const MAX_ALIGN: usize = 4096;

struct State {
    free: [usize; CLASSES],
    next: usize,
    end: usize,
}

pub struct Heap(UnsafeCell<State>);

// SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread.
unsafe impl Sync for Heap {}

impl Heap {
    pub const fn new() -> Self {
        Heap(UnsafeCell::new(State { free: [0; CLASSES], next: 0, end: 0 }))
    }
}

/// The class of a layout: block size `16 << class`.
fn class(layout: &Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    let c = (size.next_power_of_two().trailing_zeros() - MIN_SHIFT) as usize;
    (c < CLASSES && layout.align() <= MAX_ALIGN).then_some(c)
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(&layout) else { return null_mut() };
        let s = &mut *self.0.get();
        let head = s.free[c];
        if head != 0 {
            // A free block's first word links to the next free block.
            s.free[c] = *(head as *const usize);
            return head as *mut u8;
        }
        let size = 1usize << (c as u32 + MIN_SHIFT);
        if s.end == 0 {
            s.next = wasm32::memory_size(0) * PAGE;
            s.end = s.next;
        }
        let align = size.min(MAX_ALIGN);
        let start = (s.next + align - 1) & !(align - 1);
        let Some(stop) = start.checked_add(size) else { return null_mut() };
        if stop > s.end {
            let pages = (stop - s.end).div_ceil(PAGE);
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return null_mut();
            }
            s.end += pages * PAGE;
        }
        s.next = stop;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(c) = class(&layout) {
            let s = &mut *self.0.get();
            *(ptr as *mut usize) = s.free[c];
            s.free[c] = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(&layout) == class(&new) {
            return ptr;
        }
        let p = self.alloc(new);
        if !p.is_null() {
            core::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        p
    }
}
