"""The sample people as the Learn page lists them: stories matched, before/after pairs ordered."""

from ecomap.samples import sample_people


def test_every_sample_person_has_a_story_and_ordered_maps():
    people = sample_people()
    assert len(people) >= 10
    for person in people:
        assert person.story, f"{person.name} has no story in sample_networks/README.md"
        dates = [m.ego.map_date for m in person.maps()]
        assert dates == sorted(dates)
    assert sum(p.has_before_after for p in people) >= 3
