//! The value most places agree on, counted in one pass: a section can hold tens of thousands
//! of PAGE headers, and counting each value against all the others costs their square.

use std::collections::HashMap;
use std::hash::Hash;

/// The index of the first place holding the value that occurs most often, the value found
/// first winning a tie; `None` when there is no place.
pub fn first_of_most_common<T: Hash + Eq>(values: impl IntoIterator<Item = T>) -> Option<usize> {
    let mut counts: HashMap<T, (usize, usize)> = HashMap::new();
    for (i, v) in values.into_iter().enumerate() {
        counts.entry(v).or_insert((0, i)).0 += 1;
    }
    counts
        .into_values()
        .max_by(|(n, first), (m, other)| n.cmp(m).then(other.cmp(first)))
        .map(|(_, first)| first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_common_then_first_found() {
        assert_eq!(first_of_most_common(Vec::<u32>::new()), None);
        assert_eq!(first_of_most_common([7]), Some(0));
        assert_eq!(first_of_most_common([1, 2, 2, 1, 3, 2]), Some(1));
        assert_eq!(first_of_most_common([5, 4, 4, 5]), Some(0), "a tie");
        assert_eq!(first_of_most_common([5, 4, 4, 5, 4]), Some(1));
    }
}
